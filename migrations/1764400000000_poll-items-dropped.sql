-- Up Migration

-- A poll stores at most FEED_MAX_ITEMS_PER_POLL items (newest first); the rest are counted here, so
-- an operator sees that a feed sends more than is kept.
ALTER TABLE feed_polls ADD COLUMN items_dropped integer NOT NULL DEFAULT 0;

-- Down Migration

ALTER TABLE feed_polls DROP COLUMN items_dropped;
