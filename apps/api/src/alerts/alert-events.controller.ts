import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AlertEventRepository, type StoredAlertEvent } from '../../../../libs/alerts/src/index.js';
import { unknownParameters } from '../articles/article-list-query.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { instant, once, oneOf, positiveId } from '../http/query-params.js';
import { ApiOkResponseFrom, ApiQueryFrom } from '../http/zod-openapi.js';
import { alertEventPageResponse } from './alert-responses.js';

const MAX_LIMIT = 200;

/** Opaque to clients: base64url of "<occurred_at ISO>|<event id>" of a page's last event. */
export function encodeEventCursor(event: { occurredAt: Date; id: string }): string {
  return Buffer.from(`${event.occurredAt.toISOString()}|${event.id}`, 'utf8').toString('base64url');
}

function decodeEventCursor(value: string): { occurredAt: Date; id: string } | null {
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|(evt_[0-9a-f]{24})$/.exec(
    Buffer.from(value, 'base64url').toString('utf8'),
  );
  if (!match || Number.isNaN(Date.parse(match[1]))) return null;
  return { occurredAt: new Date(match[1]), id: match[2] };
}

const eventQuerySchema = z.strictObject(
  {
    rule: once(positiveId).optional(),
    status: once(oneOf(['firing', 'resolved'] as const)).optional(),
    from: once(instant).optional(),
    to: once(instant).optional(),
    cursor: once(
      z
        .string()
        .refine(
          (value) => decodeEventCursor(value) !== null,
          'not a cursor from this API; pass nextCursor unchanged',
        ),
    ).optional(),
    limit: once(z.coerce.number().int().min(1).max(MAX_LIMIT, `expected at most ${MAX_LIMIT}`)).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownParameters(issue.keys) : undefined) },
);

/** An event as listed: the numbers that triggered it and links to the articles behind it. */
function present(event: StoredAlertEvent) {
  const { data } = event;
  return {
    id: event.id,
    type: event.type,
    status: event.status,
    ruleId: event.ruleId,
    rule: data.rule,
    fingerprint: event.fingerprint,
    occurredAt: event.occurredAt,
    summary: event.summary,
    value: event.value,
    evidence: event.evidence,
    window: data.window,
    articles: data.articles,
    dashboardUrl: data.dashboardUrl,
    dispatchedAt: event.dispatchedAt,
  };
}

@ApiTags('alerts')
@Controller('api/v1/alerts/events')
export class AlertEventsController {
  constructor(private readonly events: AlertEventRepository) {}

  @Get()
  @Access('read')
  @ApiOperation({
    operationId: 'listAlertEvents',
    summary: 'alert events (firing and resolved), newest first, with their numbers and article links',
  })
  @ApiOkResponseFrom(alertEventPageResponse, 'a page of events; pass `nextCursor` as `cursor` for the next')
  @ApiQueryFrom(eventQuerySchema)
  async list(@Query() raw: unknown) {
    const query = parseInput(eventQuerySchema, raw, 'query');
    const limit = query.limit ?? 50;
    const events = await this.events.list({
      ruleId: query.rule ?? null,
      status: query.status ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      after: query.cursor ? decodeEventCursor(query.cursor) : null,
      limit,
    });
    const last = events.length === limit ? events[events.length - 1] : null;
    return { events: events.map(present), nextCursor: last ? encodeEventCursor(last) : null };
  }
}
