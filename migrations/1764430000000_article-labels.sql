-- Up Migration

-- A third key scope: annotators read and write gold labels and nothing else that writes.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check
  CHECK (scopes <@ ARRAY['read', 'annotate', 'admin']::text[] AND cardinality(scopes) > 0);

-- Gold labels: what an annotator says an article's stance toward a lens's target is. One row per
-- annotator, article and lens: a new label from the same annotator replaces theirs (the latest counts).
-- `id` orders the keyset pages of the label list; it stays when a label is replaced.
CREATE TABLE article_labels (
  id          bigserial UNIQUE,
  article_id  bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  lens        text NOT NULL CHECK (length(lens) BETWEEN 1 AND 100),
  annotator   text NOT NULL CHECK (length(annotator) BETWEEN 1 AND 200),
  label       text NOT NULL CHECK (label IN ('supportive', 'neutral', 'critical')),
  note        text CHECK (length(note) <= 2000),
  labelled_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (article_id, lens, annotator)
);

CREATE INDEX article_labels_lens_time_idx ON article_labels (lens, labelled_at DESC, id DESC);
CREATE INDEX article_labels_time_idx ON article_labels (labelled_at DESC, id DESC);

-- Corrected trends are computed from the labels: a label stored or removed moves the trend data
-- version (migration trend-data-version), so no cached corrected trend outlives the labels it used.
CREATE TRIGGER article_labels_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON article_labels
  FOR EACH STATEMENT EXECUTE FUNCTION note_trend_data_change();

-- Down Migration
DROP TABLE article_labels;
-- An annotator key could read: it keeps that.
UPDATE api_keys
SET scopes = CASE WHEN scopes = ARRAY['annotate'] THEN ARRAY['read'] ELSE array_remove(scopes, 'annotate') END
WHERE 'annotate' = ANY (scopes);
ALTER TABLE api_keys DROP CONSTRAINT api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check
  CHECK (scopes <@ ARRAY['read', 'admin']::text[] AND cardinality(scopes) > 0);
