-- Up Migration

-- A trained stance classifier (stancewatch train) scores stance only; framing (and sentiment, with
-- SENTIMENT_MODEL=nli) still comes from the NLI model. Each score row names all three models: null
-- here means the stance model scored framing too, as every row written before this column did.
ALTER TABLE article_scores ADD COLUMN framing_model text;

-- Down Migration

ALTER TABLE article_scores DROP COLUMN framing_model;
