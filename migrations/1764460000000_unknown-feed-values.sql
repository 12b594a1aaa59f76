-- Up Migration

-- A feed's kind may be unknown (issue 18): a feed imported from a reader's OPML without flags, or
-- added without --kind, says so instead of taking a silent default. Country and language are free
-- text already and hold 'unknown' the same way; a poll replaces an unknown language with the one the
-- feed declares.
ALTER TABLE feeds DROP CONSTRAINT feeds_kind_check;
ALTER TABLE feeds ADD CONSTRAINT feeds_kind_check
  CHECK (kind IN ('state', 'independent', 'wire', 'aggregator', 'unknown'));

-- Down Migration

UPDATE feeds SET kind = 'aggregator' WHERE kind = 'unknown';
ALTER TABLE feeds DROP CONSTRAINT feeds_kind_check;
ALTER TABLE feeds ADD CONSTRAINT feeds_kind_check
  CHECK (kind IN ('state', 'independent', 'wire', 'aggregator'));
