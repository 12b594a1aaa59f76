-- Up Migration

-- The hourly retention prune deletes the polls older than FEED_POLLS_RETENTION_DAYS in batches; this
-- index lets each batch find them without scanning the history (about 4 million rows at 1,000 feeds
-- kept 90 days). Deliveries need none: they are few.
CREATE INDEX feed_polls_started_idx ON feed_polls (started_at);

-- Down Migration
DROP INDEX feed_polls_started_idx;
