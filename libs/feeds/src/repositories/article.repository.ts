import type { Database, Queryable } from '../../../db/src/index.js';

/** One normalised feed item, ready to be stored as an article (or recognised as one already stored). */
export interface ArticleDraft {
  feedId: number;
  /** sha256 of the item's identity within its feed (GUID, else URL, else title and date). */
  itemKey: Buffer;
  /** sha256 of the canonical URL: the same URL from any feed is one article. */
  urlHash: Buffer;
  /** A normalised title, to link the same story syndicated under different URLs; null when too short to trust. */
  titleKey: string | null;
  guid: string | null;
  url: string | null;
  canonicalUrl: string | null;
  title: string | null;
  summary: string | null;
  author: string | null;
  categories: string[];
  language: string | null;
  publishedAt: Date;
  publishedAtSource: 'published' | 'updated' | 'fetched' | 'indexed';
  fetchedAt: Date;
  relevance: Record<string, string[]>;
  /** GDELT's document tone of an imported GKG row; null otherwise. */
  gdeltTone?: number | null;
}

/** new: a new article; sighting: another feed's article seen in this feed too; seen: nothing changed. */
export type IngestOutcome = 'new' | 'sighting' | 'seen';

export interface IngestResult {
  outcome: IngestOutcome;
  articleId: number;
}

export interface StoredArticle {
  id: number;
  feedId: number;
  storyId: number | null;
  guid: string | null;
  url: string | null;
  title: string | null;
  summary: string | null;
  author: string | null;
  categories: string[];
  language: string | null;
  publishedAt: Date;
  publishedAtSource: string;
  isRelevant: boolean;
  relevance: Record<string, string[]>;
  /** GDELT's document tone, for articles imported from GKG; null otherwise. */
  gdeltTone: number | null;
}

/** Another copy of an article's story: the same title from another outlet (or URL) within the story's week. */
export interface StoryCopy {
  id: number;
  title: string | null;
  url: string | null;
  outlet: string;
  country: string;
  language: string | null;
  publishedAt: Date;
}

export interface ArticleSource {
  outlet: string;
  country: string;
  kind: string;
  fetchedAt: Date;
}

const STORY_WINDOW = '7 days';

// Story de-duplication locks: the two-key advisory lock space (it does not overlap the one-key space
// the alert rules use), this namespace, and at most TITLE_LOCK_BUCKETS locks per poll however many
// titles it stores, so one large feed cannot exhaust PostgreSQL's shared lock table.
const TITLE_LOCK_NAMESPACE = 0x5354; // "ST"
const TITLE_LOCK_BUCKETS = 128;

/**
 * Takes the de-duplication lock of each title's bucket, in bucket order (concurrent polls take them
 * in the same order, so they cannot deadlock), in one round trip. Two titles in one bucket share a
 * lock: more waiting between polls that store at once, never a missed duplicate.
 */
async function lockTitleBuckets(client: Queryable, titleKeys: string[]): Promise<void> {
  if (titleKeys.length === 0) return;
  await client.query(
    `SELECT pg_advisory_xact_lock($2::int, bucket)
       FROM (SELECT DISTINCT (hashtextextended(key, 0) & ($3::int - 1))::int AS bucket
               FROM unnest($1::text[]) AS key ORDER BY bucket) AS buckets`,
    [titleKeys, TITLE_LOCK_NAMESPACE, TITLE_LOCK_BUCKETS],
  );
}

export class ArticleRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores one poll's drafts. Concurrent polls of feeds that share stories must take their locks in
   * the same order or they deadlock: first every title lock (sorted), then the articles by URL hash.
   */
  async ingestAll(client: Queryable, drafts: ArticleDraft[]): Promise<IngestResult[]> {
    const titleKeys = [...new Set(drafts.flatMap((draft) => (draft.titleKey ? [draft.titleKey] : [])))];
    await lockTitleBuckets(client, titleKeys);
    const ordered = [...drafts].sort((a, b) => Buffer.compare(a.urlHash, b.urlHash));
    const results = new Map<ArticleDraft, IngestResult>();
    for (const draft of ordered) results.set(draft, await this.ingest(client, draft));
    return drafts.map((draft) => results.get(draft)!);
  }

  /** Idempotent: storing the same item twice changes nothing the second time. */
  private async ingest(client: Queryable, draft: ArticleDraft): Promise<IngestResult> {
    const seen = await client.query<{ articleId: number }>(
      `SELECT article_id AS "articleId" FROM feed_items WHERE feed_id = $1 AND item_key = $2`,
      [draft.feedId, draft.itemKey],
    );
    if (seen.rows[0]) return { outcome: 'seen', articleId: seen.rows[0].articleId };

    let outcome: IngestOutcome = 'new';
    let articleId = await this.insertArticle(client, draft);
    if (articleId === null) {
      outcome = 'sighting';
      const { rows } = await client.query<{ id: number }>(`SELECT id FROM articles WHERE url_hash = $1`, [
        draft.urlHash,
      ]);
      articleId = rows[0].id;
    }
    await client.query(
      `INSERT INTO feed_items (feed_id, item_key, article_id, first_seen_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [draft.feedId, draft.itemKey, articleId, draft.fetchedAt],
    );
    return { outcome, articleId };
  }

  private async insertArticle(client: Queryable, draft: ArticleDraft): Promise<number | null> {
    const storyId = draft.titleKey ? await this.storyFor(client, draft.titleKey, draft.publishedAt) : null;
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO articles (feed_id, story_id, guid, url, canonical_url, url_hash, title, summary, author,
         categories, language, published_at, published_at_source, fetched_at, relevance, is_relevant, gdelt_tone)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (url_hash) DO NOTHING
       RETURNING id`,
      [
        draft.feedId,
        storyId,
        draft.guid,
        draft.url,
        draft.canonicalUrl,
        draft.urlHash,
        draft.title,
        draft.summary,
        draft.author,
        draft.categories,
        draft.language,
        draft.publishedAt,
        draft.publishedAtSource,
        draft.fetchedAt,
        JSON.stringify(draft.relevance),
        Object.keys(draft.relevance).length > 0,
        draft.gdeltTone ?? null,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /** The story with this title published within a week, or a new one; the caller holds the title's lock. */
  private async storyFor(client: Queryable, titleKey: string, publishedAt: Date): Promise<number> {
    const { rows } = await client.query<{ id: number }>(
      `SELECT id FROM stories WHERE title_key = $1
         AND first_published_at BETWEEN $2::timestamptz - $3::interval AND $2::timestamptz + $3::interval
       ORDER BY first_published_at LIMIT 1`,
      [titleKey, publishedAt, STORY_WINDOW],
    );
    if (rows[0]) return rows[0].id;
    const created = await client.query<{ id: number }>(
      `INSERT INTO stories (title_key, first_published_at) VALUES ($1, $2) RETURNING id`,
      [titleKey, publishedAt],
    );
    return created.rows[0].id;
  }

  /** Publication times of the feed's latest dated items: how often the feed really publishes. */
  async recentPublicationTimes(client: Queryable, feedId: number, limit = 20): Promise<Date[]> {
    const { rows } = await client.query<{ publishedAt: Date }>(
      `SELECT a.published_at AS "publishedAt" FROM feed_items fi JOIN articles a ON a.id = fi.article_id
       WHERE fi.feed_id = $1 AND a.published_at_source <> 'fetched'
       ORDER BY a.published_at DESC LIMIT $2`,
      [feedId, limit],
    );
    return rows.map((row) => row.publishedAt);
  }

  /** One article with its feed's description, as the API shows it. */
  async get(id: number): Promise<(StoredArticle & ArticleSource) | null> {
    const rows = await this.db.query<StoredArticle & ArticleSource>(
      `SELECT a.id, a.feed_id AS "feedId", a.story_id AS "storyId", a.guid, a.url, a.title, a.summary, a.author,
         a.categories, a.language, a.published_at AS "publishedAt", a.published_at_source AS "publishedAtSource",
         a.is_relevant AS "isRelevant", a.relevance, a.gdelt_tone AS "gdeltTone", f.outlet, f.country, f.kind, a.fetched_at AS "fetchedAt"
       FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * The story's other articles, earliest first (by story_id, indexed), and the other feeds that carried
   * this very article (its sightings).
   */
  async copies(
    article: { id: number; feedId: number; storyId: number | null },
    limit = 50,
  ): Promise<{ copies: StoryCopy[]; alsoIn: string[] }> {
    const copies =
      article.storyId === null
        ? []
        : await this.db.query<StoryCopy>(
            `SELECT a.id, a.title, a.url, f.outlet, f.country, a.language, a.published_at AS "publishedAt"
             FROM articles a JOIN feeds f ON f.id = a.feed_id
             WHERE a.story_id = $1 AND a.id <> $2 ORDER BY a.published_at, a.id LIMIT $3`,
            [article.storyId, article.id, limit],
          );
    const sightings = await this.db.query<{ outlet: string }>(
      `SELECT DISTINCT f.outlet FROM feed_items fi JOIN feeds f ON f.id = fi.feed_id
       WHERE fi.article_id = $1 AND fi.feed_id <> $2 ORDER BY f.outlet LIMIT $3`,
      [article.id, article.feedId, limit],
    );
    return { copies, alsoIn: sightings.map((row) => row.outlet) };
  }
}
