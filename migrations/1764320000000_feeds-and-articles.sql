-- Up Migration

CREATE TABLE feeds (
  id                        bigserial PRIMARY KEY,
  url                       text NOT NULL UNIQUE,
  title                     text,
  outlet                    text NOT NULL,
  country                   text NOT NULL,
  language                  text NOT NULL,
  kind                      text NOT NULL CHECK (kind IN ('state', 'independent', 'wire', 'aggregator')),
  enabled                   boolean NOT NULL DEFAULT true,
  origin                    text NOT NULL DEFAULT 'api' CHECK (origin IN ('config', 'api', 'cli')),
  poll_interval_sec         integer NOT NULL DEFAULT 1800 CHECK (poll_interval_sec > 0),
  etag                      text,
  last_modified             text,
  next_poll_at              timestamptz NOT NULL DEFAULT now(),
  schedule_reason           text,
  last_polled_at            timestamptz,
  last_success_at           timestamptz,
  last_status               text CHECK (last_status IN ('ok', 'not-modified', 'error')),
  last_http_status          integer,
  last_error                text,
  consecutive_failures      integer NOT NULL DEFAULT 0,
  polls_since_unconditional integer NOT NULL DEFAULT 0,
  feed_title                text,
  feed_language             text,
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now()
);

-- A story groups the articles that several feeds published about the same event (syndication).
CREATE TABLE stories (
  id                 bigserial PRIMARY KEY,
  title_key          text NOT NULL,
  first_published_at timestamptz NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stories_title_key_idx ON stories (title_key, first_published_at);

CREATE TABLE articles (
  id                  bigserial PRIMARY KEY,
  feed_id             bigint NOT NULL REFERENCES feeds (id),
  story_id            bigint REFERENCES stories (id),
  guid                text,
  url                 text,
  canonical_url       text,
  -- sha256 of the canonical URL (or of feed + item identity when an item has no link): one article per URL
  url_hash            bytea NOT NULL UNIQUE,
  title               text,
  summary             text,
  author              text,
  categories          text[] NOT NULL DEFAULT '{}',
  language            text,
  published_at        timestamptz NOT NULL,
  published_at_source text NOT NULL CHECK (published_at_source IN ('published', 'updated', 'fetched')),
  fetched_at          timestamptz NOT NULL,
  -- lens name -> matched terms, only for the lenses that matched
  relevance           jsonb NOT NULL DEFAULT '{}'::jsonb,
  is_relevant         boolean NOT NULL DEFAULT false
);
CREATE INDEX articles_published_idx ON articles (published_at DESC);
CREATE INDEX articles_feed_published_idx ON articles (feed_id, published_at DESC);
CREATE INDEX articles_story_idx ON articles (story_id);

-- Every (feed, item) ever seen, so that an item seen again changes nothing and an item that several
-- feeds carry is one article with several sightings.
CREATE TABLE feed_items (
  feed_id       bigint NOT NULL REFERENCES feeds (id),
  item_key      bytea NOT NULL,
  article_id    bigint NOT NULL REFERENCES articles (id),
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (feed_id, item_key)
);
CREATE INDEX feed_items_article_idx ON feed_items (article_id);

-- One row per poll: the history behind a feed's health and backoff.
CREATE TABLE feed_polls (
  id            bigserial PRIMARY KEY,
  feed_id       bigint NOT NULL REFERENCES feeds (id),
  started_at    timestamptz NOT NULL,
  duration_ms   integer NOT NULL,
  outcome       text NOT NULL CHECK (outcome IN ('ok', 'not-modified', 'error')),
  http_status   integer,
  conditional   boolean NOT NULL,
  items_seen    integer NOT NULL DEFAULT 0,
  items_new     integer NOT NULL DEFAULT 0,
  error         text,
  next_poll_at  timestamptz NOT NULL,
  interval_sec  integer NOT NULL,
  reason        text
);
CREATE INDEX feed_polls_feed_idx ON feed_polls (feed_id, started_at DESC);

-- Down Migration
DROP TABLE feed_polls;
DROP TABLE feed_items;
DROP TABLE articles;
DROP TABLE stories;
DROP TABLE feeds;
