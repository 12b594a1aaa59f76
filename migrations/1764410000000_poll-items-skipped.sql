-- Up Migration

-- Items PostgreSQL would refuse (a NUL character, a link or GUID past its cap) are skipped so that the
-- rest of the feed is stored; the poll counts them, and how many for each reason.
ALTER TABLE feed_polls
  ADD COLUMN items_skipped integer NOT NULL DEFAULT 0,
  ADD COLUMN skipped_reasons jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Down Migration

ALTER TABLE feed_polls DROP COLUMN skipped_reasons, DROP COLUMN items_skipped;
