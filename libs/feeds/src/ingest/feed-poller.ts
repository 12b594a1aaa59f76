import { Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { Database } from '../../../db/src/index.js';
import type { ArticleRepository } from '../repositories/article.repository.js';
import type { Feed, FeedRepository } from '../repositories/feed.repository.js';
import type { FeedPollRepository } from '../repositories/feed-poll.repository.js';
import { feedFetchBytes, feedFetchSeconds, feedItems, feedPolls } from '../../../metrics/src/index.js';
import type { TrendRollupRepository } from '../../../trends/src/index.js';
import { urlWithoutCredentials, withoutCredentials, type AddressGuard } from '../../../http/src/index.js';
import { fetchFeed, type FetchLimits, type FetchOutcome } from '../fetch/feed-fetcher.js';
import type { FeedParsePool } from '../parse/parse-pool.js';
import {
  classifyFailure,
  nextPoll,
  useConditionalGet,
  type PollPolicyConfig,
  type PollResult,
} from '../schedule/poll-policy.js';
import type { FeedDocument } from '../feed-document.js';
import { articleDrafts } from './article-drafts.js';
import type { LensRelevance } from '../../../lens/src/index.js';
import type { PollReport } from './poll-report.js';

export interface FeedPollerDeps {
  db: Database;
  rollups: TrendRollupRepository;
  feeds: FeedRepository;
  articles: ArticleRepository;
  polls: FeedPollRepository;
  guard: AddressGuard;
  limits: FetchLimits;
  policy: PollPolicyConfig;
  /** Items stored from one poll, newest first. */
  maxItemsPerPoll: number;
  /** Parses off the event loop, under a time and memory budget. */
  parser: Pick<FeedParsePool, 'parse'>;
  lenses: LensRelevance[];
}

// A scheduled job that fires this much before the feed's next poll time still counts as due.
const DUE_TOLERANCE_MS = 30_000;

interface Fetched {
  outcome: FetchOutcome;
  document: FeedDocument | null;
}

/**
 * Polls one feed: fetch politely, decode, parse, normalise, de-duplicate and store, then decide when
 * to poll next. A feed's own failures (HTTP errors, timeouts, garbage) are recorded on the feed and
 * backed off; only stancewatch's failures (the database) throw, so the job is retried.
 */
export class FeedPoller {
  private readonly logger = new Logger(FeedPoller.name);

  constructor(private readonly deps: FeedPollerDeps) {}

  /** `signal` aborts a poll given up on (its job's time limit): it then records nothing. */
  async poll(
    feedId: number,
    trigger: 'schedule' | 'manual',
    now: () => Date = () => new Date(),
    signal?: AbortSignal,
  ): Promise<PollReport> {
    const report = await this.pollOnce(feedId, trigger, now, signal);
    countPoll(report);
    return report;
  }

  private async pollOnce(
    feedId: number,
    trigger: 'schedule' | 'manual',
    now: () => Date,
    signal?: AbortSignal,
  ): Promise<PollReport> {
    const startedAt = now();
    const feed = await this.deps.feeds.get(feedId);
    if (!feed) return skipped(feedId, '', 'feed no longer exists', startedAt);
    if (trigger === 'schedule' && !feed.enabled)
      return skipped(feedId, feed.url, 'feed is disabled', startedAt);
    if (trigger === 'schedule' && feed.nextPollAt.getTime() - startedAt.getTime() > DUE_TOLERANCE_MS) {
      return skipped(feedId, feed.url, `not due until ${feed.nextPollAt.toISOString()}`, startedAt);
    }

    const history = {
      intervalSec: feed.pollIntervalSec,
      consecutiveFailures: feed.consecutiveFailures,
      recentItemTimes: [] as Date[],
      pollsSinceUnconditional: feed.pollsSinceUnconditional,
    };
    const conditional = useConditionalGet(history, this.deps.policy);
    let fetched: Fetched;
    try {
      fetched = await this.fetchAndParse(feed, conditional, startedAt);
    } catch (error) {
      signal?.throwIfAborted();
      return this.recordFailure(feed, error, conditional, startedAt, now);
    }
    // A retry may have polled the feed since: recording this result would overwrite its validators.
    signal?.throwIfAborted();
    return this.recordSuccess(feed, fetched, conditional, startedAt, now);
  }

  private async fetchAndParse(feed: Feed, conditional: boolean, fetchedAt: Date): Promise<Fetched> {
    const headers = conditional ? { etag: feed.etag, lastModified: feed.lastModified } : null;
    const stop = feedFetchSeconds.startTimer();
    let outcome: FetchOutcome;
    try {
      outcome = await fetchFeed(feed.url, headers, this.deps.limits, this.deps.guard);
    } catch (error) {
      stop({ result: 'error' });
      throw error;
    }
    stop({ result: outcome.kind });
    if (outcome.kind === 'not-modified') return { outcome, document: null };
    feedFetchBytes.observe(outcome.body.length);
    const document = await this.deps.parser.parse(outcome.body, {
      contentType: outcome.contentType,
      documentUrl: outcome.finalUrl,
      fetchedAt,
    });
    return { outcome, document };
  }

  private async recordSuccess(
    feed: Feed,
    { outcome, document }: Fetched,
    conditional: boolean,
    startedAt: Date,
    now: () => Date,
  ): Promise<PollReport> {
    const { drafts, unidentifiable, dropped, unstorable } = document
      ? articleDrafts(document, feed.id, startedAt, this.deps.lenses, this.deps.maxItemsPerPoll)
      : { drafts: [], unidentifiable: 0, dropped: 0, unstorable: [] };
    const report = await this.deps.db.transaction(async (client) => {
      const locked = await this.deps.feeds.lockForPoll(client, feed.id);
      if (!locked) return skipped(feed.id, feed.url, 'feed was deleted during the poll', startedAt);
      const counts = { new: 0, sighting: 0, seen: 0 };
      const results = await this.deps.articles.ingestAll(client, drafts);
      const newRelevant: Record<string, number[]> = {};
      results.forEach(({ outcome, articleId }, index) => {
        counts[outcome] += 1;
        if (outcome !== 'new') return;
        for (const lens of Object.keys(drafts[index].relevance)) (newRelevant[lens] ??= []).push(articleId);
      });
      // New articles change their feed's volume; the feed's row lock serialises this per feed.
      await this.deps.rollups.refreshVolume(
        client,
        results.filter((result) => result.outcome === 'new').map((result) => result.articleId),
      );
      const result: PollResult =
        outcome.kind === 'not-modified'
          ? { kind: 'not-modified', maxAgeSeconds: outcome.maxAgeSeconds }
          : {
              kind: 'ok',
              newItems: counts.new + counts.sighting,
              ttlMinutes: document?.feed.ttlMinutes ?? null,
              maxAgeSeconds: outcome.maxAgeSeconds,
            };
      const schedule = await this.schedule(client, locked, result, conditional, now());
      const finished = now();
      const status = outcome.kind === 'not-modified' ? 'not-modified' : 'ok';
      const pollReport: PollReport = {
        feedId: feed.id,
        url: urlWithoutCredentials(feed.url),
        outcome: status,
        httpStatus: outcome.status,
        conditional,
        itemsSeen: drafts.length + unidentifiable + dropped + unstorable.length,
        itemsNew: counts.new,
        itemsSighted: counts.sighting,
        itemsRelevant: drafts.filter((draft) => Object.keys(draft.relevance).length > 0).length,
        itemsUnidentifiable: unidentifiable,
        itemsDropped: dropped,
        itemsSkipped: unstorable.length,
        skippedReasons: countByReason(unstorable),
        newRelevantArticles: newRelevant,
        error: null,
        nextPollAt: schedule.nextPollAt,
        intervalSec: schedule.intervalSec,
        reason: schedule.reason,
        durationMs: finished.getTime() - startedAt.getTime(),
      };
      await this.record(client, pollReport, schedule, startedAt, {
        etag: outcome.etag,
        lastModified: outcome.lastModified,
        feedTitle: document?.feed.title ?? null,
        feedLanguage: document?.feed.language ?? null,
      });
      return pollReport;
    });
    this.logger.log({ msg: 'feed polled', ...report });
    if (report.itemsSkipped > 0)
      this.logger.warn({
        msg: 'feed items skipped',
        feedId: report.feedId,
        itemsSkipped: report.itemsSkipped,
        skippedReasons: report.skippedReasons,
      });
    return report;
  }

  private async recordFailure(
    feed: Feed,
    error: unknown,
    conditional: boolean,
    startedAt: Date,
    now: () => Date,
  ): Promise<PollReport> {
    const failure = classifyFailure(error);
    const report = await this.deps.db.transaction(async (client) => {
      const locked = await this.deps.feeds.lockForPoll(client, feed.id);
      if (!locked) return skipped(feed.id, feed.url, 'feed was deleted during the poll', startedAt);
      const result: PollResult = {
        kind: 'failure',
        soft: failure.soft,
        retryAfterSeconds: failure.retryAfterSeconds,
        status: failure.status,
      };
      const schedule = await this.schedule(client, locked, result, conditional, now());
      const pollReport: PollReport = {
        ...skipped(feed.id, feed.url, schedule.reason, startedAt),
        outcome: 'error',
        httpStatus: failure.status ?? null,
        conditional,
        // Stored on the feed and its poll history, shown to readers and logged: never the password
        // the feed URL carries, however the error quotes that URL.
        error: withoutCredentials(failure.message, [feed.url]),
        nextPollAt: schedule.nextPollAt,
        intervalSec: schedule.intervalSec,
        durationMs: now().getTime() - startedAt.getTime(),
      };
      await this.record(client, pollReport, schedule, startedAt, {
        etag: null,
        lastModified: null,
        feedTitle: null,
        feedLanguage: null,
      });
      return pollReport;
    });
    this.logger.warn({ msg: 'feed poll failed', ...report });
    return report;
  }

  private async schedule(client: PoolClient, feed: Feed, result: PollResult, conditional: boolean, at: Date) {
    const history = {
      intervalSec: feed.pollIntervalSec,
      consecutiveFailures: feed.consecutiveFailures,
      recentItemTimes: await this.deps.articles.recentPublicationTimes(client, feed.id),
      pollsSinceUnconditional: feed.pollsSinceUnconditional,
    };
    const next = nextPoll(history, result, at, this.deps.policy);
    return { ...next, pollsSinceUnconditional: conditional ? feed.pollsSinceUnconditional + 1 : 0 };
  }

  /** The poll's outcome on the feed (health, validators, schedule) and in its history, in the poll's transaction. */
  private async record(
    client: PoolClient,
    report: PollReport,
    schedule: Awaited<ReturnType<FeedPoller['schedule']>>,
    startedAt: Date,
    document: {
      etag: string | null;
      lastModified: string | null;
      feedTitle: string | null;
      feedLanguage: string | null;
    },
  ): Promise<void> {
    if (report.outcome === 'skipped') return;
    await this.deps.feeds.recordPoll(client, report.feedId, {
      status: report.outcome,
      httpStatus: report.httpStatus,
      error: report.error,
      polledAt: startedAt,
      nextPollAt: schedule.nextPollAt,
      intervalSec: schedule.intervalSec,
      reason: schedule.reason,
      consecutiveFailures: schedule.consecutiveFailures,
      pollsSinceUnconditional: schedule.pollsSinceUnconditional,
      ...document,
    });
    await this.deps.polls.record(client, {
      feedId: report.feedId,
      startedAt,
      durationMs: report.durationMs,
      outcome: report.outcome,
      httpStatus: report.httpStatus,
      conditional: report.conditional,
      itemsSeen: report.itemsSeen,
      itemsNew: report.itemsNew,
      itemsDropped: report.itemsDropped,
      itemsSkipped: report.itemsSkipped,
      skippedReasons: report.skippedReasons,
      error: report.error,
      nextPollAt: schedule.nextPollAt,
      intervalSec: schedule.intervalSec,
      reason: schedule.reason,
    });
  }
}

/** The poll on the metrics, once it is committed (a rolled-back poll is retried and counted then). */
function countPoll(report: PollReport): void {
  feedPolls.inc({ outcome: report.outcome });
  if (report.outcome !== 'ok') return;
  const known =
    report.itemsSeen -
    report.itemsNew -
    report.itemsSighted -
    report.itemsUnidentifiable -
    report.itemsDropped -
    report.itemsSkipped;
  feedItems.inc({ result: 'new' }, report.itemsNew);
  feedItems.inc({ result: 'sighting' }, report.itemsSighted);
  feedItems.inc({ result: 'seen' }, Math.max(0, known));
}

function countByReason(items: { reason: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { reason } of items) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
}

/** Every report starts here: its `url` is logged and printed, so it is without the feed's credentials. */
function skipped(feedId: number, url: string, reason: string, startedAt: Date): PollReport {
  return {
    feedId,
    url: urlWithoutCredentials(url),
    outcome: 'skipped',
    httpStatus: null,
    conditional: false,
    itemsSeen: 0,
    itemsNew: 0,
    itemsSighted: 0,
    itemsRelevant: 0,
    itemsUnidentifiable: 0,
    itemsDropped: 0,
    itemsSkipped: 0,
    skippedReasons: {},
    newRelevantArticles: {},
    error: null,
    nextPollAt: null,
    intervalSec: null,
    reason,
    durationMs: Date.now() - startedAt.getTime(),
  };
}
