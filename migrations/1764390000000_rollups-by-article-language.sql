-- Up Migration

-- The rollups gain the article's language (its own, else its feed's) as a key, so `language=` means
-- the article's language in trends, alerts and sources as it already did in the article list, and an
-- aggregator feed's Russian and Chinese items count as Russian and Chinese. The rows are recomputed
-- from article_scores and articles: the same sums, now split by language (rebuilding takes about as
-- long as `stancewatch rollups rebuild`).
TRUNCATE trend_hourly, trend_daily, volume_hourly, volume_daily;

ALTER TABLE trend_hourly ADD COLUMN language text NOT NULL;
ALTER TABLE trend_hourly DROP CONSTRAINT trend_hourly_pkey;
ALTER TABLE trend_hourly ADD PRIMARY KEY (lens, model, bucket, feed_id, language);

ALTER TABLE trend_daily ADD COLUMN language text NOT NULL;
ALTER TABLE trend_daily DROP CONSTRAINT trend_daily_pkey;
ALTER TABLE trend_daily ADD PRIMARY KEY (lens, model, offset_minutes, day, feed_id, language);

ALTER TABLE volume_hourly ADD COLUMN language text NOT NULL;
ALTER TABLE volume_hourly DROP CONSTRAINT volume_hourly_pkey;
ALTER TABLE volume_hourly ADD PRIMARY KEY (bucket, feed_id, language);

ALTER TABLE volume_daily ADD COLUMN language text NOT NULL;
ALTER TABLE volume_daily DROP CONSTRAINT volume_daily_pkey;
ALTER TABLE volume_daily ADD PRIMARY KEY (offset_minutes, day, feed_id, language);

INSERT INTO trend_hourly (lens, model, bucket, feed_id, language, n, sum_stance, sum_stance2, n_supportive,
  n_neutral, n_critical, sum_sentiment, sum_sentiment2, sum_framing, sum_framing2)
SELECT s.lens, s.model, date_trunc('hour', a.published_at, 'UTC'), a.feed_id, coalesce(a.language, f.language),
  count(*)::int, sum(s.stance_score::float8), sum(s.stance_score::float8 ^ 2),
  count(*) FILTER (WHERE s.stance_label = 'supportive')::int, count(*) FILTER (WHERE s.stance_label = 'neutral')::int,
  count(*) FILTER (WHERE s.stance_label = 'critical')::int, sum(s.sentiment_score::float8),
  sum(s.sentiment_score::float8 ^ 2), sum(s.framing_score::float8), sum(s.framing_score::float8 ^ 2)
FROM article_scores s JOIN articles a ON a.id = s.article_id JOIN feeds f ON f.id = a.feed_id
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO trend_daily (lens, model, offset_minutes, day, feed_id, language, n, sum_stance, sum_stance2,
  n_supportive, n_neutral, n_critical, sum_sentiment, sum_sentiment2, sum_framing, sum_framing2)
SELECT s.lens, s.model, o.offset_minutes,
  ((a.published_at AT TIME ZONE 'UTC') + make_interval(mins => o.offset_minutes))::date, a.feed_id,
  coalesce(a.language, f.language),
  count(*)::int, sum(s.stance_score::float8), sum(s.stance_score::float8 ^ 2),
  count(*) FILTER (WHERE s.stance_label = 'supportive')::int, count(*) FILTER (WHERE s.stance_label = 'neutral')::int,
  count(*) FILTER (WHERE s.stance_label = 'critical')::int, sum(s.sentiment_score::float8),
  sum(s.sentiment_score::float8 ^ 2), sum(s.framing_score::float8), sum(s.framing_score::float8 ^ 2)
FROM unnest(ARRAY[0, 180, 480]) AS o(offset_minutes)
  CROSS JOIN article_scores s JOIN articles a ON a.id = s.article_id JOIN feeds f ON f.id = a.feed_id
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO volume_hourly (bucket, feed_id, language, n_all)
SELECT date_trunc('hour', a.published_at, 'UTC'), a.feed_id, coalesce(a.language, f.language), count(*)::int
FROM articles a JOIN feeds f ON f.id = a.feed_id
GROUP BY 1, 2, 3;

INSERT INTO volume_daily (offset_minutes, day, feed_id, language, n_all)
SELECT o.offset_minutes, ((a.published_at AT TIME ZONE 'UTC') + make_interval(mins => o.offset_minutes))::date,
  a.feed_id, coalesce(a.language, f.language), count(*)::int
FROM unnest(ARRAY[0, 180, 480]) AS o(offset_minutes) CROSS JOIN articles a JOIN feeds f ON f.id = a.feed_id
GROUP BY 1, 2, 3, 4;

-- Down Migration
-- The language's rows of each bucket are added up again: the sums are exact either way.
CREATE TEMPORARY TABLE merged_trend_hourly ON COMMIT DROP AS
  SELECT lens, model, bucket, feed_id, sum(n)::int, sum(sum_stance), sum(sum_stance2), sum(n_supportive)::int, sum(n_neutral)::int, sum(n_critical)::int, sum(sum_sentiment), sum(sum_sentiment2), sum(sum_framing), sum(sum_framing2) FROM trend_hourly GROUP BY 1, 2, 3, 4;
CREATE TEMPORARY TABLE merged_trend_daily ON COMMIT DROP AS
  SELECT lens, model, offset_minutes, day, feed_id, sum(n)::int, sum(sum_stance), sum(sum_stance2), sum(n_supportive)::int, sum(n_neutral)::int, sum(n_critical)::int, sum(sum_sentiment), sum(sum_sentiment2), sum(sum_framing), sum(sum_framing2) FROM trend_daily GROUP BY 1, 2, 3, 4, 5;
CREATE TEMPORARY TABLE merged_volume_hourly ON COMMIT DROP AS
  SELECT bucket, feed_id, sum(n_all)::int FROM volume_hourly GROUP BY 1, 2;
CREATE TEMPORARY TABLE merged_volume_daily ON COMMIT DROP AS
  SELECT offset_minutes, day, feed_id, sum(n_all)::int FROM volume_daily GROUP BY 1, 2, 3;
TRUNCATE trend_hourly, trend_daily, volume_hourly, volume_daily;
ALTER TABLE trend_hourly DROP CONSTRAINT trend_hourly_pkey, DROP COLUMN language;
ALTER TABLE trend_hourly ADD PRIMARY KEY (lens, model, bucket, feed_id);
ALTER TABLE trend_daily DROP CONSTRAINT trend_daily_pkey, DROP COLUMN language;
ALTER TABLE trend_daily ADD PRIMARY KEY (lens, model, offset_minutes, day, feed_id);
ALTER TABLE volume_hourly DROP CONSTRAINT volume_hourly_pkey, DROP COLUMN language;
ALTER TABLE volume_hourly ADD PRIMARY KEY (bucket, feed_id);
ALTER TABLE volume_daily DROP CONSTRAINT volume_daily_pkey, DROP COLUMN language;
ALTER TABLE volume_daily ADD PRIMARY KEY (offset_minutes, day, feed_id);
INSERT INTO trend_hourly (lens, model, bucket, feed_id, n, sum_stance, sum_stance2, n_supportive, n_neutral, n_critical, sum_sentiment, sum_sentiment2, sum_framing, sum_framing2) SELECT * FROM merged_trend_hourly;
INSERT INTO trend_daily (lens, model, offset_minutes, day, feed_id, n, sum_stance, sum_stance2, n_supportive, n_neutral, n_critical, sum_sentiment, sum_sentiment2, sum_framing, sum_framing2) SELECT * FROM merged_trend_daily;
INSERT INTO volume_hourly (bucket, feed_id, n_all) SELECT * FROM merged_volume_hourly;
INSERT INTO volume_daily (offset_minutes, day, feed_id, n_all) SELECT * FROM merged_volume_daily;
