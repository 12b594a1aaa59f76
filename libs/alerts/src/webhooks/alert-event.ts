import { randomBytes } from 'node:crypto';

/** Something an endpoint hears about: an alert firing or resolving, or a test. */
export interface AlertEvent {
  /** Unique and stable: the webhook-id of every delivery of this event, e.g. "evt_" + 24 hex. */
  id: string;
  type: string;
  occurredAt: Date;
  /** What changed: numbers, links. */
  data: Record<string, unknown>;
  /** One sentence a person reads (the Slack body). */
  summary: string;
}

export function newEventId(): string {
  return `evt_${randomBytes(12).toString('hex')}`;
}

/** The event "send a test event" delivers to one endpoint. */
export function testEvent(endpointId: number, dashboardUrl: string, at = new Date()): AlertEvent {
  return {
    id: newEventId(),
    type: 'test',
    occurredAt: at,
    data: { endpointId, dashboardUrl },
    summary: `stancewatch test event for webhook endpoint ${endpointId}: if you can read this, deliveries work.`,
  };
}
