import {
  EVENT_TYPES,
  WebhookAdmin,
  WebhookConflictError,
  WebhookEndpointRepository,
  WebhookNotFoundError,
  WebhookUrlError,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../../../../libs/alerts/src/index.js';
import type { CliContext } from '../cli-context.js';
import { CommandError, UsageError, printJson, type CliIo } from '../cli-io.js';

/** Runs `work` with the webhook admin the API uses; its refusals become one-line command errors. */
async function withAdmin<T>(ctx: CliContext, work: (admin: WebhookAdmin) => Promise<T>): Promise<T> {
  const admin = await ctx.service(WebhookAdmin);
  try {
    return await work(admin);
  } catch (error) {
    if (
      error instanceof WebhookUrlError ||
      error instanceof WebhookNotFoundError ||
      error instanceof WebhookConflictError
    )
      throw new CommandError(error.message);
    throw error;
  }
}

function parseId(text: string, what: string, hint: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new UsageError(`${what} must be a positive whole number, got "${text}" (see \`${hint}\`)`);
  return id;
}

function parseEventTypes(text: string | undefined): string[] {
  if (text === undefined) return [];
  const types = text
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  const unknown = types.filter((type) => !(EVENT_TYPES as readonly string[]).includes(type));
  if (unknown.length > 0)
    throw new UsageError(`--events: unknown event type ${unknown.join(', ')}; use ${EVENT_TYPES.join(', ')}`);
  return types;
}

const time = (date: Date | null) => date?.toISOString() ?? '-';

function endpointLine(endpoint: WebhookEndpoint): string {
  return [
    String(endpoint.id).padStart(4),
    endpoint.enabled ? 'on ' : 'off',
    (endpoint.eventTypes.length ? endpoint.eventTypes.join(',') : 'all events').padEnd(28),
    endpoint.slack ? 'slack' : 'event',
    endpoint.url,
    endpoint.disabledReason ? `(${endpoint.disabledReason})` : '',
  ]
    .join('  ')
    .trimEnd();
}

function deliveryLine(delivery: WebhookDelivery): string {
  const next = delivery.status === 'pending' ? `next ${time(delivery.nextAttemptAt)}` : '';
  return [
    String(delivery.id).padStart(5),
    delivery.status.padEnd(9),
    delivery.eventType.padEnd(14),
    delivery.eventId,
    `attempts ${delivery.attempts}`,
    `last ${delivery.lastStatusCode ?? '-'}`,
    next,
    delivery.lastError ?? '',
  ]
    .filter(Boolean)
    .join('  ');
}

/** Registers an endpoint and prints its secret once; `--json` prints exactly `{"id", "secret"}`. */
export async function addWebhook(
  ctx: CliContext,
  url: string,
  opts: { events?: string; slack?: boolean; description?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const eventTypes = parseEventTypes(opts.events);
  const { endpoint, secret } = await withAdmin(ctx, (admin) =>
    admin.register({ url, eventTypes, slack: Boolean(opts.slack), description: opts.description ?? null }),
  );
  if (opts.json) printJson(io, { id: endpoint.id, secret });
  else {
    io.stdout.write(`${secret}\n`);
    io.stderr.write(
      `added webhook endpoint ${endpoint.id} for ${endpoint.url}; the line above is its signing secret, ` +
        'shown this once: store it where the receiver verifies signatures\n',
    );
  }
  return 0;
}

export async function listWebhooks(ctx: CliContext, opts: { json?: boolean }, io: CliIo): Promise<number> {
  const endpoints = await new WebhookEndpointRepository(ctx.db).list();
  for (const endpoint of endpoints) {
    if (opts.json) printJson(io, endpoint);
    else io.stdout.write(`${endpointLine(endpoint)}\n`);
  }
  if (!opts.json) io.stderr.write(`${endpoints.length} webhook endpoints\n`);
  return 0;
}

/** Queues a test event for the running worker to deliver. */
export async function testWebhook(ctx: CliContext, idText: string, opts: { json?: boolean }, io: CliIo) {
  const id = parseId(idText, 'endpoint id', 'stancewatch webhooks list');
  const queued = await withAdmin(ctx, (admin) => admin.sendTest(id));
  if (opts.json) printJson(io, queued);
  else
    io.stdout.write(
      `queued test event ${queued.eventId} as delivery ${queued.deliveryId}; ` +
        `see \`stancewatch webhooks deliveries ${id}\`\n`,
    );
  return 0;
}

export async function listDeliveries(
  ctx: CliContext,
  idText: string,
  opts: { json?: boolean; limit?: string },
  io: CliIo,
): Promise<number> {
  const id = parseId(idText, 'endpoint id', 'stancewatch webhooks list');
  const limit =
    opts.limit === undefined ? 20 : parseId(opts.limit, '--limit', 'stancewatch webhooks deliveries --help');
  const deliveries = await withAdmin(ctx, (admin) => admin.deliveriesOf(id, Math.min(limit, 200)));
  for (const delivery of deliveries) {
    if (opts.json) printJson(io, delivery);
    else io.stdout.write(`${deliveryLine(delivery)}\n`);
  }
  if (!opts.json) io.stderr.write(`${deliveries.length} deliveries, newest first\n`);
  return 0;
}

/** Sends a delivery again (same webhook-id and body), delivered or not. */
export async function redeliver(ctx: CliContext, idText: string, opts: { json?: boolean }, io: CliIo) {
  const id = parseId(idText, 'delivery id', 'stancewatch webhooks deliveries ENDPOINT-ID');
  const delivery = await withAdmin(ctx, (admin) => admin.redeliver(id));
  if (opts.json) printJson(io, delivery);
  else io.stdout.write(`delivery ${delivery.id} (event ${delivery.eventId}) queued again\n`);
  return 0;
}
