-- Up Migration

-- Chinese search. The 'simple' tokens of `articles.search` are whole runs of Han characters (a headline
-- with no spaces is one token), so a query for 习近平 cannot match them: Chinese terms are matched as
-- substrings instead (LIKE '%term%'). A trigram index makes that fast for terms of three or more
-- characters (on a C.UTF-8 database pg_trgm counts Han characters as word characters). It is partial,
-- over the rows whose title or summary holds a Han character, so English and Russian text (most of the
-- archive) pays nothing; queries repeat the same predicate so the planner can use it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX articles_han_text_trgm_idx ON articles
  USING gin ((coalesce(title, '') || ' ' || coalesce(summary, '')) gin_trgm_ops)
  WHERE (coalesce(title, '') || ' ' || coalesce(summary, '')) ~ '[㐀-䶿一-鿿]';

-- Keyset pagination of article lists: (published_at, id) descending, in index order.
CREATE INDEX articles_published_id_idx ON articles (published_at DESC, id DESC);

-- Down Migration
DROP INDEX articles_published_id_idx;
DROP INDEX articles_han_text_trgm_idx;
