import type { Database, Queryable } from '../../../db/src/index.js';
import type { PollStatus } from './feed.repository.js';

/** Rows one prune statement deletes at most. */
const PRUNE_BATCH = 5_000;

export interface FeedPoll {
  feedId: number;
  startedAt: Date;
  durationMs: number;
  outcome: PollStatus;
  httpStatus: number | null;
  conditional: boolean;
  itemsSeen: number;
  itemsNew: number;
  /** Items past the per-poll cap: seen in the feed, not stored. */
  itemsDropped: number;
  /** Items PostgreSQL would refuse: skipped, counted by reason, the rest stored. */
  itemsSkipped: number;
  skippedReasons: Record<string, number>;
  error: string | null;
  nextPollAt: Date;
  intervalSec: number;
  reason: string | null;
}

/** The poll history of each feed: what operators read to see backoff at work. */
export class FeedPollRepository {
  constructor(private readonly db: Database) {}

  async record(client: Queryable, poll: FeedPoll): Promise<void> {
    await client.query(
      `INSERT INTO feed_polls (feed_id, started_at, duration_ms, outcome, http_status, conditional, items_seen,
         items_new, items_dropped, items_skipped, skipped_reasons, error, next_poll_at, interval_sec, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        poll.feedId,
        poll.startedAt,
        poll.durationMs,
        poll.outcome,
        poll.httpStatus,
        poll.conditional,
        poll.itemsSeen,
        poll.itemsNew,
        poll.itemsDropped,
        poll.itemsSkipped,
        JSON.stringify(poll.skippedReasons),
        poll.error,
        poll.nextPollAt,
        poll.intervalSec,
        poll.reason,
      ],
    );
  }

  listForFeed(feedId: number, limit = 20): Promise<FeedPoll[]> {
    return this.db.query<FeedPoll>(
      `SELECT feed_id AS "feedId", started_at AS "startedAt", duration_ms AS "durationMs", outcome,
         http_status AS "httpStatus", conditional, items_seen AS "itemsSeen", items_new AS "itemsNew",
         items_dropped AS "itemsDropped", items_skipped AS "itemsSkipped",
         skipped_reasons AS "skippedReasons", error,
         next_poll_at AS "nextPollAt", interval_sec AS "intervalSec", reason
       FROM feed_polls WHERE feed_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2`,
      [feedId, limit],
    );
  }

  /**
   * Deletes the polls that started before `before`, `batchSize` rows per statement (each its own
   * transaction, so no lock is held long and a cancelled run keeps what it did). Returns how many.
   */
  async pruneOlderThan(before: Date, batchSize = PRUNE_BATCH): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [{ n }] = await this.db.query<{ n: number }>(
        `WITH gone AS (
           DELETE FROM feed_polls WHERE id IN (SELECT id FROM feed_polls WHERE started_at < $1 LIMIT $2)
           RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [before, batchSize],
      );
      deleted += n;
      if (n < batchSize) return deleted;
    }
  }
}
