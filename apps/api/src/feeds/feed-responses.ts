import { z } from 'zod';
import { FEED_KIND_VALUES } from '../../../../libs/feeds/src/index.js';
import { component, count, jsonInstant, rowId } from '../http/zod-openapi.js';

// The JSON bodies of the feed routes, as the handlers send them (the rows of libs/feeds' repositories).

const POLL_STATUSES = ['ok', 'not-modified', 'error'] as const;

export const feedSchema = component(
  'Feed',
  z.strictObject({
    id: rowId,
    url: z.string(),
    title: z.string().nullable(),
    outlet: z.string(),
    country: z.string(),
    language: z.string(),
    kind: z.enum(FEED_KIND_VALUES),
    enabled: z.boolean(),
    origin: z.enum(['config', 'api', 'cli']),
    pollIntervalSec: count,
    etag: z.string().nullable(),
    lastModified: z.string().nullable(),
    nextPollAt: jsonInstant,
    scheduleReason: z.string().nullable(),
    lastPolledAt: jsonInstant.nullable(),
    lastSuccessAt: jsonInstant.nullable(),
    lastStatus: z.enum(POLL_STATUSES).nullable(),
    lastHttpStatus: z.int().nullable(),
    lastError: z.string().nullable(),
    consecutiveFailures: count,
    pollsSinceUnconditional: count,
    feedTitle: z.string().nullable(),
    feedLanguage: z.string().nullable(),
    createdAt: jsonInstant,
    updatedAt: jsonInstant,
  }),
);

export const feedPollSchema = component(
  'FeedPoll',
  z.strictObject({
    feedId: rowId,
    startedAt: jsonInstant,
    durationMs: count,
    outcome: z.enum(POLL_STATUSES),
    httpStatus: z.int().nullable(),
    conditional: z.boolean(),
    itemsSeen: count,
    itemsNew: count,
    itemsDropped: count.describe(
      'items past FEED_MAX_ITEMS_PER_POLL (the newest are kept): seen, not stored',
    ),
    itemsSkipped: count.describe(
      'items PostgreSQL would refuse (a NUL character, a link or GUID past its cap): skipped, the rest stored',
    ),
    skippedReasons: z
      .record(z.string(), count)
      .describe('how many items were skipped for each reason, e.g. {"link longer than 4096 characters": 2}'),
    error: z.string().nullable(),
    nextPollAt: jsonInstant,
    intervalSec: count,
    reason: z.string().nullable(),
  }),
);

export const feedListResponse = z.strictObject({ feeds: z.array(feedSchema) });

export const feedDetailResponse = component(
  'FeedDetail',
  z.strictObject({ ...feedSchema.shape, recentPolls: z.array(feedPollSchema) }),
);

export const pollQueuedResponse = z.strictObject({ feedId: rowId, jobId: z.string() });

export const feedImportResponse = component(
  'FeedImportReport',
  z.strictObject({
    feeds: z.array(
      z.strictObject({
        url: z.string(),
        title: z.string().nullable(),
        category: z.string().nullable().describe('the categories the outline is nested in, "News / Russia"'),
        status: z.enum(['added', 'exists', 'would-add', 'rejected']),
        error: z.string().optional().describe('why the feed was rejected, and what to change'),
      }),
    ),
  }),
);

export const feedCandidatesResponse = component(
  'FeedCandidates',
  z.strictObject({
    detail: z.string(),
    page: z.string().describe('the page, after redirects, that announces the feeds'),
    candidates: z.array(
      z.strictObject({
        pick: z.int().positive().describe('send this as `pick` to register this feed'),
        url: z.string(),
        title: z.string().nullable(),
        type: z.string().describe('application/rss+xml, application/atom+xml or application/feed+json'),
      }),
    ),
  }),
);
