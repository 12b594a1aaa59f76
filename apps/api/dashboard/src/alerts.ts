/**
 * Alerts: rules, recent events, webhook endpoints and their deliveries. The lists are shown as the API
 * gives them (any fields), so this view keeps working while those routes grow.
 */
import { ApiError, getJson } from './api.js';
import { h, message, replace, table } from './dom.js';
import { keyForm } from './key-form.js';
import type { ViewContext } from './view.js';

type Row = Record<string, unknown>;
const MAX_COLUMNS = 9;
const SECTIONS = [
  { title: 'Alert rules', path: '/api/v1/alerts/rules' },
  { title: 'Recent alert events (firing and resolved)', path: '/api/v1/alerts/events' },
  { title: 'Webhook endpoints', path: '/api/v1/webhooks' },
];

/** The list in a response: the body itself, or its first array-valued field. */
function rowsOf(body: unknown): Row[] {
  if (Array.isArray(body)) return body as Row[];
  if (body && typeof body === 'object') {
    const list = Object.values(body).find(Array.isArray);
    if (list) return list as Row[];
  }
  return [];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function records(title: string, rows: Row[]): HTMLElement {
  if (rows.length === 0) return h('section', {}, h('h3', {}, title), message('info', 'None yet.'));
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))].slice(0, MAX_COLUMNS);
  return h(
    'section',
    {},
    h('h3', {}, title),
    table(
      title,
      columns,
      rows.map((row) => columns.map((c) => cell(row[c]))),
    ),
  );
}

function failure(title: string, error: unknown): HTMLElement {
  const text =
    error instanceof ApiError && error.status === 404
      ? `${title}: this server has no such API yet (${error.message}).`
      : error instanceof ApiError && (error.status === 401 || error.status === 403)
        ? `${title}: needs an admin API key. Paste one under "Access key" above.`
        : `${title}: ${error instanceof Error ? error.message : String(error)}`;
  return h('section', {}, h('h3', {}, title), message('warning', text));
}

async function section(title: string, path: string): Promise<{ element: HTMLElement; rows: Row[] }> {
  try {
    const rows = rowsOf(await getJson<unknown>(path));
    return { element: records(title, rows), rows };
  } catch (error) {
    return { element: failure(title, error), rows: [] };
  }
}

export async function renderAlerts(root: HTMLElement, context: ViewContext): Promise<void> {
  const rerender = () => void renderAlerts(root, context);
  const head = [h('h2', {}, 'Alerts and webhooks'), keyForm(rerender, 'admin lists need one')];
  replace(root, ...head, message('info', 'Loading…'));
  const [rules, events, endpoints] = await Promise.all(SECTIONS.map((s) => section(s.title, s.path)));
  const deliveries = await Promise.all(
    endpoints.rows
      .filter((row) => typeof row.id === 'number' || typeof row.id === 'string')
      .slice(0, 5)
      .map((row) =>
        section(
          `Deliveries to endpoint ${cell(row.id)}`,
          `/api/v1/webhooks/${encodeURIComponent(String(row.id))}/deliveries`,
        ),
      ),
  );
  if (!context.isCurrent()) return;
  replace(
    root,
    ...head,
    rules.element,
    events.element,
    endpoints.element,
    ...deliveries.map((d) => d.element),
  );
}
