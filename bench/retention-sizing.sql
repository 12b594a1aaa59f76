-- What a row of feed_polls and of webhook_deliveries costs on disk, indexes included (README,
-- "Retention and sizing"): psql -d <a migrated database> -f bench/retention-sizing.sql. It makes
-- scratch copies of the two tables, fills them, prints pg_total_relation_size per row, and drops them.
-- 100,000 polls of 1,000 feeds (a typical mix: mostly 304s, some errors), measured, then dropped.
CREATE TABLE sizing_feed_polls (LIKE feed_polls INCLUDING ALL);
INSERT INTO sizing_feed_polls (feed_id, started_at, duration_ms, outcome, http_status, conditional, items_seen,
  items_new, error, next_poll_at, interval_sec, reason)
SELECT 1 + i % 1000, now() - i * interval '1.8 second', 100 + i % 900,
  CASE WHEN i % 10 < 7 THEN 'not-modified' WHEN i % 10 < 9 THEN 'ok' ELSE 'error' END,
  CASE WHEN i % 10 < 7 THEN 304 WHEN i % 10 < 9 THEN 200 ELSE 503 END,
  i % 10 <> 0, CASE WHEN i % 10 IN (7, 8) THEN 30 ELSE 0 END, CASE WHEN i % 10 IN (7, 8) THEN 2 ELSE 0 END,
  CASE WHEN i % 10 = 9 THEN 'HTTP 503 Service Unavailable' END, now() + interval '30 minutes', 1800,
  CASE WHEN i % 10 = 9 THEN 'backoff after failure' END
FROM generate_series(1, 100000) AS i;
ANALYZE sizing_feed_polls;
SELECT 'feed_polls' AS t, pg_size_pretty(pg_total_relation_size('sizing_feed_polls')) AS total,
  pg_total_relation_size('sizing_feed_polls') / 100000 AS bytes_per_row;
CREATE TABLE sizing_deliveries (LIKE webhook_deliveries INCLUDING ALL);
INSERT INTO sizing_deliveries (endpoint_id, event_id, event_type, body, status, attempts, last_status_code,
  last_attempt_at, delivered_at)
SELECT 1 + i % 5, 'evt_' || md5(i::text), 'alert.firing',
  '{"type":"alert.firing","timestamp":"2026-12-04T03:12:09.410Z","data":{"rule":{"id":12,"name":"Stance drop, state media","kind":"zscore"},"lens":"ru-cn","window":{"from":"2026-12-03T03:00:00Z","to":"2026-12-04T03:00:00Z"},"value":-0.41,"baseline":0.12,"z":-3.2,"articles":48,"link":"https://stancewatch.example.org/?lens=ru-cn&from=2026-12-03"}}',
  'delivered', 1, 200, now(), now()
FROM generate_series(1, 100000) AS i;
ANALYZE sizing_deliveries;
SELECT 'webhook_deliveries' AS t, pg_size_pretty(pg_total_relation_size('sizing_deliveries')) AS total,
  pg_total_relation_size('sizing_deliveries') / 100000 AS bytes_per_row;
DROP TABLE sizing_feed_polls; DROP TABLE sizing_deliveries;
