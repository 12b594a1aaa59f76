-- Up Migration

-- Dated notes an operator marks once ("Xi in Moscow", "sanctions package 14") and every chart draws:
-- an instant, or a period when ends_at is set; for one lens, or for every lens when lens is null.
CREATE TABLE annotations (
  id          bigserial PRIMARY KEY,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz,
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  note        text CHECK (length(note) <= 2000),
  lens        text,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at IS NULL OR ends_at >= starts_at)
);
-- Charts ask for the annotations that overlap their period.
CREATE INDEX annotations_starts_at_idx ON annotations (starts_at);

-- Down Migration

DROP TABLE annotations;
