import type { Database } from '../libs/db/src/index.js';
import type { ArticleDraft } from '../libs/feeds/src/index.js';

/**
 * The floor for storing articles: the same rows written by one multi-row INSERT … SELECT unnest(…) into a
 * scratch table with the articles table's columns and indexes (not its foreign keys), no de-duplication;
 * made once per database, emptied by each run.
 */
export async function createScratchTable(db: Database): Promise<void> {
  await db.query(
    `CREATE TABLE IF NOT EXISTS bench_articles (LIKE articles INCLUDING DEFAULTS INCLUDING INDEXES)`,
  );
}

export async function truncateScratchTable(db: Database): Promise<void> {
  await db.query(`TRUNCATE bench_articles`);
}

export async function insertRows(db: Database, drafts: ArticleDraft[]): Promise<number> {
  const column = <T>(pick: (draft: ArticleDraft) => T) => drafts.map(pick);
  const result = await db.pool.query(
    `INSERT INTO bench_articles (feed_id, guid, url, canonical_url, url_hash, title, summary, author, categories,
       language, published_at, published_at_source, fetched_at, relevance, is_relevant)
     SELECT f, g, u, cu, h, t, s, a, c::text[], l, p, ps, fa, r::jsonb, ir
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::timestamptz[], $12::text[], $13::timestamptz[], $14::text[], $15::boolean[])
       AS rows (f, g, u, cu, h, t, s, a, c, l, p, ps, fa, r, ir)`,
    [
      column((d) => d.feedId),
      column((d) => d.guid),
      column((d) => d.url),
      column((d) => d.canonicalUrl),
      column((d) => d.urlHash),
      column((d) => d.title),
      column((d) => d.summary),
      column((d) => d.author),
      column((d) => arrayLiteral(d.categories)),
      column((d) => d.language),
      column((d) => d.publishedAt),
      column((d) => d.publishedAtSource),
      column((d) => d.fetchedAt),
      column((d) => JSON.stringify(d.relevance)),
      column((d) => Object.keys(d.relevance).length > 0),
    ],
  );
  return result.rowCount ?? 0;
}

// unnest flattens a two-dimensional array, so each row's categories travel as one array literal.
function arrayLiteral(values: string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}
