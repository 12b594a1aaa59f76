-- Up Migration

-- Imports of real export formats (issue 18). A Media Cloud story without a publish date is dated by
-- when Media Cloud indexed it: the date source says so ('indexed'), so nobody mistakes it for the
-- outlet's own date. GDELT's GKG carries a document tone per article, kept beside the model's
-- sentiment (never in its place: it is another instrument); null for every other source.
ALTER TABLE articles DROP CONSTRAINT articles_published_at_source_check;
ALTER TABLE articles ADD CONSTRAINT articles_published_at_source_check
  CHECK (published_at_source IN ('published', 'updated', 'fetched', 'indexed'));
ALTER TABLE articles ADD COLUMN gdelt_tone double precision;

-- Down Migration

ALTER TABLE articles DROP COLUMN gdelt_tone;
UPDATE articles SET published_at_source = 'fetched' WHERE published_at_source = 'indexed';
ALTER TABLE articles DROP CONSTRAINT articles_published_at_source_check;
ALTER TABLE articles ADD CONSTRAINT articles_published_at_source_check
  CHECK (published_at_source IN ('published', 'updated', 'fetched'));
