import type { Database, Queryable } from '../../../db/src/index.js';
import { normalizeLanguage } from '../normalize/language.js';
import { UNKNOWN, type FeedKind } from '../vocabulary.js';
export type FeedOrigin = 'config' | 'api' | 'cli';
export type PollStatus = 'ok' | 'not-modified' | 'error';

export interface Feed {
  id: number;
  url: string;
  title: string | null;
  outlet: string;
  country: string;
  language: string;
  kind: FeedKind;
  enabled: boolean;
  origin: FeedOrigin;
  pollIntervalSec: number;
  etag: string | null;
  lastModified: string | null;
  nextPollAt: Date;
  scheduleReason: string | null;
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  lastStatus: PollStatus | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  pollsSinceUnconditional: number;
  feedTitle: string | null;
  feedLanguage: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewFeed {
  url: string;
  title?: string | null;
  outlet: string;
  country: string;
  language: string;
  kind: FeedKind;
}

/** What one poll changes on its feed; written in the same transaction as the poll's articles. */
export interface FeedPollState {
  status: PollStatus;
  httpStatus: number | null;
  error: string | null;
  etag: string | null;
  lastModified: string | null;
  polledAt: Date;
  nextPollAt: Date;
  intervalSec: number;
  reason: string;
  consecutiveFailures: number;
  pollsSinceUnconditional: number;
  feedTitle: string | null;
  feedLanguage: string | null;
}

const COLUMNS = `id, url, title, outlet, country, language, kind, enabled, origin,
  poll_interval_sec AS "pollIntervalSec", etag, last_modified AS "lastModified", next_poll_at AS "nextPollAt",
  schedule_reason AS "scheduleReason", last_polled_at AS "lastPolledAt", last_success_at AS "lastSuccessAt",
  last_status AS "lastStatus", last_http_status AS "lastHttpStatus", last_error AS "lastError",
  consecutive_failures AS "consecutiveFailures", polls_since_unconditional AS "pollsSinceUnconditional",
  feed_title AS "feedTitle", feed_language AS "feedLanguage", created_at AS "createdAt", updated_at AS "updatedAt"`;

export class FeedRepository {
  constructor(private readonly db: Database) {}

  list(filter: { enabled?: boolean } = {}): Promise<Feed[]> {
    return this.db.query<Feed>(
      `SELECT ${COLUMNS} FROM feeds WHERE ($1::boolean IS NULL OR enabled = $1) ORDER BY id`,
      [filter.enabled ?? null],
    );
  }

  async get(id: number, client: Queryable = this.db.pool): Promise<Feed | null> {
    const { rows } = await client.query<Feed>(`SELECT ${COLUMNS} FROM feeds WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Locks the feed's row for the length of the caller's transaction, so one feed is polled by one job at a time. */
  async lockForPoll(client: Queryable, id: number): Promise<Feed | null> {
    const { rows } = await client.query<Feed>(`SELECT ${COLUMNS} FROM feeds WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async getByUrl(url: string): Promise<Feed | null> {
    const rows = await this.db.query<Feed>(`SELECT ${COLUMNS} FROM feeds WHERE url = $1`, [url]);
    return rows[0] ?? null;
  }

  /** Adds a feed; returns null when a feed with that URL already exists. */
  async create(feed: NewFeed, origin: FeedOrigin, intervalSec: number): Promise<Feed | null> {
    const rows = await this.db.query<Feed>(
      `INSERT INTO feeds (url, title, outlet, country, language, kind, origin, poll_interval_sec)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (url) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        feed.url,
        feed.title ?? null,
        feed.outlet,
        feed.country,
        feed.language,
        feed.kind,
        origin,
        intervalSec,
      ],
    );
    return rows[0] ?? null;
  }

  /**
   * Seeds the registry from the config file. Descriptions follow the file; what operators or polls
   * changed (enabled, schedule, health) is kept.
   */
  async upsertFromConfig(
    feeds: NewFeed[],
    intervalSec: number,
  ): Promise<{ inserted: number; updated: number }> {
    let inserted = 0;
    let updated = 0;
    await this.db.transaction(async (client) => {
      for (const feed of feeds) {
        const { rows } = await client.query<{ inserted: boolean }>(
          `INSERT INTO feeds (url, title, outlet, country, language, kind, origin, poll_interval_sec)
           VALUES ($1, $2, $3, $4, $5, $6, 'config', $7)
           ON CONFLICT (url) DO UPDATE SET title = EXCLUDED.title, outlet = EXCLUDED.outlet,
             country = EXCLUDED.country, language = EXCLUDED.language, kind = EXCLUDED.kind, updated_at = now()
           RETURNING (xmax = 0) AS inserted`,
          [feed.url, feed.title ?? null, feed.outlet, feed.country, feed.language, feed.kind, intervalSec],
        );
        if (rows[0].inserted) inserted += 1;
        else updated += 1;
      }
    });
    return { inserted, updated };
  }

  /**
   * The feed row that imported articles of an outlet are stored under: url `import:<outlet>`, kind
   * 'aggregator', created disabled so it is never polled. Its country and language are copied from a
   * polled feed of the same outlet when there is one, else the given country (else 'ZZ', unknown) and language.
   */
  async ensureImportFeed(
    client: Queryable,
    outlet: string,
    language: string,
    origin: FeedOrigin,
    intervalSec: number,
    country: string | null = null,
  ): Promise<Feed> {
    const { rows } = await client.query<Feed>(
      `INSERT INTO feeds (url, outlet, country, language, kind, enabled, origin, poll_interval_sec)
       SELECT 'import:' || $1, $1, coalesce(known.country, $5, 'ZZ'), coalesce(known.language, $2), 'aggregator',
         false, $3, $4
       FROM (SELECT NULL) AS one
       LEFT JOIN LATERAL (SELECT country, language FROM feeds WHERE outlet = $1 AND url NOT LIKE 'import:%'
         ORDER BY id LIMIT 1) AS known ON true
       ON CONFLICT (url) DO UPDATE SET updated_at = feeds.updated_at
       RETURNING ${COLUMNS}`,
      [outlet, language, origin, intervalSec, country],
    );
    return rows[0];
  }

  /**
   * Takes back a registration that could not be completed (its scheduler could not be made): removes
   * the feed if nothing was polled or stored for it yet; true when it was removed.
   */
  async withdrawNew(id: number): Promise<boolean> {
    const rows = await this.db.query<{ id: number }>(
      `DELETE FROM feeds f WHERE f.id = $1
         AND NOT EXISTS (SELECT 1 FROM feed_polls p WHERE p.feed_id = f.id)
         AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.feed_id = f.id)
       RETURNING f.id`,
      [id],
    );
    return rows.length > 0;
  }

  async setEnabled(id: number, enabled: boolean): Promise<Feed | null> {
    const rows = await this.db.query<Feed>(
      `UPDATE feeds SET enabled = $2, updated_at = now(),
         next_poll_at = CASE WHEN $2 AND NOT enabled THEN now() ELSE next_poll_at END
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, enabled],
    );
    return rows[0] ?? null;
  }

  /**
   * Stores a poll's outcome on its feed. A feed whose language is unknown takes the one its document
   * declares (RSS `<language>`, Atom `xml:lang`, normalised: "en-US" is en) at the first poll that
   * declares one; a language someone gave is never overwritten.
   */
  async recordPoll(client: Queryable, feedId: number, state: FeedPollState): Promise<void> {
    await client.query(
      `UPDATE feeds SET last_status = $2, last_http_status = $3, last_error = $4,
         etag = COALESCE($5, etag), last_modified = COALESCE($6, last_modified),
         last_polled_at = $7, last_success_at = CASE WHEN $2 = 'error' THEN last_success_at ELSE $7 END,
         next_poll_at = $8, poll_interval_sec = $9, schedule_reason = $10, consecutive_failures = $11,
         polls_since_unconditional = $12, feed_title = COALESCE($13, feed_title),
         feed_language = COALESCE($14, feed_language),
         language = CASE WHEN language = '${UNKNOWN}' AND $15::text IS NOT NULL THEN $15 ELSE language END,
         updated_at = now()
       WHERE id = $1`,
      [
        feedId,
        state.status,
        state.httpStatus,
        state.error,
        state.etag,
        state.lastModified,
        state.polledAt,
        state.nextPollAt,
        state.intervalSec,
        state.reason,
        state.consecutiveFailures,
        state.pollsSinceUnconditional,
        state.feedTitle,
        state.feedLanguage,
        learnedLanguage(state.feedLanguage),
      ],
    );
  }

  /**
   * Enabled feeds, and those of them without a successful poll (or, never polled, since they were
   * registered) for `intervals` of their poll intervals: the operator's `stancewatch_feeds_stale`.
   */
  async healthCounts(intervals: number): Promise<{ stale: number; enabled: number }> {
    const [row] = await this.db.query<{ stale: number; enabled: number }>(
      `SELECT count(*) FILTER (
           WHERE coalesce(last_success_at, created_at) < now() - make_interval(secs => poll_interval_sec * $1::float8)
         )::int AS stale,
         count(*)::int AS enabled
       FROM feeds WHERE enabled`,
      [intervals],
    );
    return row;
  }
}

/** The language a feed declares, as the registry stores it, or null when it declares none we can read. */
function learnedLanguage(declared: string | null): string | null {
  const language = normalizeLanguage(declared);
  return language && language !== 'und' ? language : null;
}
