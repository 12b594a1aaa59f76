import type { AlertEvent } from './alert-event.js';

/**
 * The body of one event for one endpoint, serialised once: this string is stored with the delivery,
 * signed, and sent byte for byte on every attempt.
 */
export function eventBody(event: AlertEvent, slack: boolean, dashboardUrl: string): string {
  if (slack) return JSON.stringify({ text: slackText(event, dashboardUrl) });
  return JSON.stringify({
    id: event.id,
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    summary: event.summary,
    data: event.data,
  });
}

/** What a person reads in Slack (or Teams, Mattermost, ...): the summary and a link to the dashboard. */
function slackText(event: AlertEvent, dashboardUrl: string): string {
  return `${escapeSlack(event.summary)}\n<${dashboardUrl}|Open the stancewatch dashboard>`;
}

// Slack reads <…> as links and mentions and & as an entity; text from feeds must not become either.
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
