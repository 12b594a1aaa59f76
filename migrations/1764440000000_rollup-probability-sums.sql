-- Up Migration

-- Probabilistic adjusted classify-and-count (correction=pacc) needs each bucket's summed class
-- probabilities, not only its label counts. The rollups gain them, filled from the scores as the
-- rollups are computed (trend-rollup.repository.ts); no default, so no writer can leave them out.
ALTER TABLE trend_hourly
  ADD COLUMN sum_p_supportive double precision NOT NULL DEFAULT 0,
  ADD COLUMN sum_p_neutral    double precision NOT NULL DEFAULT 0,
  ADD COLUMN sum_p_critical   double precision NOT NULL DEFAULT 0;
ALTER TABLE trend_daily
  ADD COLUMN sum_p_supportive double precision NOT NULL DEFAULT 0,
  ADD COLUMN sum_p_neutral    double precision NOT NULL DEFAULT 0,
  ADD COLUMN sum_p_critical   double precision NOT NULL DEFAULT 0;

UPDATE trend_hourly t
SET sum_p_supportive = x.s, sum_p_neutral = x.n, sum_p_critical = x.c
FROM (
  SELECT s.lens, s.model, date_trunc('hour', a.published_at, 'UTC') AS bucket, a.feed_id,
    coalesce(a.language, f.language) AS language,
    sum(s.p_supportive::float8) AS s, sum(s.p_neutral::float8) AS n, sum(s.p_critical::float8) AS c
  FROM article_scores s JOIN articles a ON a.id = s.article_id JOIN feeds f ON f.id = a.feed_id
  GROUP BY 1, 2, 3, 4, 5) x
WHERE t.lens = x.lens AND t.model = x.model AND t.bucket = x.bucket AND t.feed_id = x.feed_id
  AND t.language = x.language;

UPDATE trend_daily t
SET sum_p_supportive = x.s, sum_p_neutral = x.n, sum_p_critical = x.c
FROM (
  SELECT s.lens, s.model, o.offset_minutes,
    ((a.published_at AT TIME ZONE 'UTC') + make_interval(mins => o.offset_minutes))::date AS day, a.feed_id,
    coalesce(a.language, f.language) AS language,
    sum(s.p_supportive::float8) AS s, sum(s.p_neutral::float8) AS n, sum(s.p_critical::float8) AS c
  FROM article_scores s JOIN articles a ON a.id = s.article_id JOIN feeds f ON f.id = a.feed_id,
    unnest(ARRAY[0, 180, 480]) AS o(offset_minutes)
  GROUP BY 1, 2, 3, 4, 5, 6) x
WHERE t.lens = x.lens AND t.model = x.model AND t.offset_minutes = x.offset_minutes AND t.day = x.day
  AND t.feed_id = x.feed_id AND t.language = x.language;

ALTER TABLE trend_hourly
  ALTER COLUMN sum_p_supportive DROP DEFAULT, ALTER COLUMN sum_p_neutral DROP DEFAULT,
  ALTER COLUMN sum_p_critical DROP DEFAULT;
ALTER TABLE trend_daily
  ALTER COLUMN sum_p_supportive DROP DEFAULT, ALTER COLUMN sum_p_neutral DROP DEFAULT,
  ALTER COLUMN sum_p_critical DROP DEFAULT;

-- Down Migration
ALTER TABLE trend_daily DROP COLUMN sum_p_supportive, DROP COLUMN sum_p_neutral, DROP COLUMN sum_p_critical;
ALTER TABLE trend_hourly DROP COLUMN sum_p_supportive, DROP COLUMN sum_p_neutral, DROP COLUMN sum_p_critical;
