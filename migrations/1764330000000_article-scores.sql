-- Up Migration

-- One row per (article, lens, stance model): scores from another model sit beside, never over, these.
CREATE TABLE article_scores (
  article_id              bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  lens                    text NOT NULL,
  model                   text NOT NULL,
  model_revision          text NOT NULL,
  stance_label            text NOT NULL CHECK (stance_label IN ('supportive', 'neutral', 'critical')),
  p_supportive            real NOT NULL,
  p_neutral               real NOT NULL,
  p_critical              real NOT NULL,
  -- P(supportive) - P(critical)
  stance_score            real NOT NULL CHECK (stance_score BETWEEN -1 AND 1),
  sentiment_model         text NOT NULL,
  sentiment_label         text NOT NULL CHECK (sentiment_label IN ('negative', 'neutral', 'positive')),
  sentiment_score         real NOT NULL CHECK (sentiment_score BETWEEN -1 AND 1),
  p_cooperation           real NOT NULL,
  p_conflict              real NOT NULL,
  -- P(cooperation) - P(conflict)
  framing_score           real NOT NULL CHECK (framing_score BETWEEN -1 AND 1),
  classified_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (article_id, lens, model)
);
CREATE INDEX article_scores_lens_model_idx ON article_scores (lens, model);

-- The models classify workers have loaded: what the API reports as "in use".
CREATE TABLE models (
  id          text NOT NULL,
  task        text NOT NULL CHECK (task IN ('zero-shot-classification', 'text-classification')),
  revision    text NOT NULL,
  dtype       text NOT NULL,
  labels      text[] NOT NULL,
  builtin     boolean NOT NULL,
  first_loaded_at timestamptz NOT NULL DEFAULT now(),
  last_loaded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, task)
);

-- Relevant articles still waiting for scores are found through this index.
CREATE INDEX articles_relevant_idx ON articles (published_at DESC) WHERE is_relevant;

-- Down Migration
DROP INDEX articles_relevant_idx;
DROP TABLE models;
DROP TABLE article_scores;
