-- Up Migration

-- Full-text search over title and summary: English and Russian stemming, and 'simple' tokens, which
-- for Chinese are runs of Han characters (matched by prefix in queries).
ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
  setweight(to_tsvector('russian', coalesce(title, '')), 'A') ||
  setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
  setweight(to_tsvector('english', coalesce(summary, '')), 'B') ||
  setweight(to_tsvector('russian', coalesce(summary, '')), 'B') ||
  setweight(to_tsvector('simple', coalesce(summary, '')), 'B')
) STORED;
CREATE INDEX articles_search_idx ON articles USING gin (search);

-- Hourly sums per (lens, model, hour, feed), recomputed from article_scores for the touched buckets.
CREATE TABLE trend_hourly (
  lens            text NOT NULL,
  model           text NOT NULL,
  bucket          timestamptz NOT NULL,
  feed_id         bigint NOT NULL REFERENCES feeds (id),
  n               integer NOT NULL,
  sum_stance      double precision NOT NULL,
  sum_stance2     double precision NOT NULL,
  n_supportive    integer NOT NULL,
  n_neutral       integer NOT NULL,
  n_critical      integer NOT NULL,
  sum_sentiment   double precision NOT NULL,
  sum_sentiment2  double precision NOT NULL,
  sum_framing     double precision NOT NULL,
  sum_framing2    double precision NOT NULL,
  PRIMARY KEY (lens, model, bucket, feed_id)
);

-- The same sums per local day, for the fixed-offset zones that matter here (UTC, Moscow +3,
-- Beijing +8): long daily ranges read tens of thousands of rows instead of hundreds of thousands.
CREATE TABLE trend_daily (
  lens            text NOT NULL,
  model           text NOT NULL,
  offset_minutes  integer NOT NULL,
  day             date NOT NULL,
  feed_id         bigint NOT NULL REFERENCES feeds (id),
  n               integer NOT NULL,
  sum_stance      double precision NOT NULL,
  sum_stance2     double precision NOT NULL,
  n_supportive    integer NOT NULL,
  n_neutral       integer NOT NULL,
  n_critical      integer NOT NULL,
  sum_sentiment   double precision NOT NULL,
  sum_sentiment2  double precision NOT NULL,
  sum_framing     double precision NOT NULL,
  sum_framing2    double precision NOT NULL,
  PRIMARY KEY (lens, model, offset_minutes, day, feed_id)
);

-- How many articles (relevant or not) each feed brought per hour and per local day: the attention baseline.
CREATE TABLE volume_hourly (
  bucket   timestamptz NOT NULL,
  feed_id  bigint NOT NULL REFERENCES feeds (id),
  n_all    integer NOT NULL,
  PRIMARY KEY (bucket, feed_id)
);

CREATE TABLE volume_daily (
  offset_minutes integer NOT NULL,
  day            date NOT NULL,
  feed_id        bigint NOT NULL REFERENCES feeds (id),
  n_all          integer NOT NULL,
  PRIMARY KEY (offset_minutes, day, feed_id)
);

-- API keys: only a SHA-256 digest is stored; the key is shown once, at creation.
CREATE TABLE api_keys (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  key_hash     bytea NOT NULL UNIQUE,
  scopes       text[] NOT NULL CHECK (scopes <@ ARRAY['read', 'admin']::text[] AND cardinality(scopes) > 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

-- Down Migration
DROP TABLE api_keys;
DROP TABLE volume_daily;
DROP TABLE volume_hourly;
DROP TABLE trend_daily;
DROP TABLE trend_hourly;
DROP INDEX articles_search_idx;
ALTER TABLE articles DROP COLUMN search;
