-- Up Migration

-- A counter that moves whenever anything a trend is computed from changes, so the API can keep a
-- computed trend until its data changes (and answer If-None-Match with 304) instead of for a fixed
-- few seconds. It moves at commit, once per writing transaction: a reader that sees the new version
-- also sees the new rows, so a cached trend is never older than the version it is filed under.
CREATE TABLE trend_data_version (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version   bigint NOT NULL
);
INSERT INTO trend_data_version (version) VALUES (1);

-- One row per writing transaction while it runs; its insertion queues the bump for commit time.
-- Bumping at commit (not at each statement) holds the counter's row lock for the commit only, so
-- writers never wait on each other for it while they still take other locks: no deadlock.
CREATE TABLE trend_data_changes (
  xid xid8 PRIMARY KEY
);

-- Statement-level: one call per statement however many rows it touched, and the transaction-local
-- setting keeps it to one row in trend_data_changes per transaction.
CREATE FUNCTION note_trend_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('stancewatch.trend_data_changed', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('stancewatch.trend_data_changed', 'on', true);
  INSERT INTO trend_data_changes (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION bump_trend_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM trend_data_changes WHERE xid = NEW.xid;
  UPDATE trend_data_version SET version = version + 1;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER trend_data_changes_bump AFTER INSERT ON trend_data_changes
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_trend_data_version();

-- What trends read: the rollups, the raw rows behind the raw-score fallback, and the feed attributes
-- a trend groups by, filters on or labels with.
CREATE TRIGGER trend_hourly_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON trend_hourly
  FOR EACH STATEMENT EXECUTE FUNCTION note_trend_data_change();
CREATE TRIGGER trend_daily_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON trend_daily
  FOR EACH STATEMENT EXECUTE FUNCTION note_trend_data_change();
CREATE TRIGGER volume_hourly_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON volume_hourly
  FOR EACH STATEMENT EXECUTE FUNCTION note_trend_data_change();
CREATE TRIGGER volume_daily_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON volume_daily
  FOR EACH STATEMENT EXECUTE FUNCTION note_trend_data_change();
CREATE TRIGGER article_scores_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON article_scores
  FOR EACH STATEMENT EXECUTE FUNCTION note_trend_data_change();
CREATE TRIGGER articles_changed
  AFTER INSERT OR DELETE OR UPDATE OF feed_id, published_at, is_relevant OR TRUNCATE ON articles
  FOR EACH STATEMENT EXECUTE FUNCTION note_trend_data_change();
CREATE TRIGGER feeds_changed
  AFTER DELETE OR UPDATE OF title, outlet, country, language, kind OR TRUNCATE ON feeds
  FOR EACH STATEMENT EXECUTE FUNCTION note_trend_data_change();

-- Down Migration
DROP TRIGGER feeds_changed ON feeds;
DROP TRIGGER articles_changed ON articles;
DROP TRIGGER article_scores_changed ON article_scores;
DROP TRIGGER volume_daily_changed ON volume_daily;
DROP TRIGGER volume_hourly_changed ON volume_hourly;
DROP TRIGGER trend_daily_changed ON trend_daily;
DROP TRIGGER trend_hourly_changed ON trend_hourly;
DROP TABLE trend_data_changes;
DROP FUNCTION bump_trend_data_version();
DROP FUNCTION note_trend_data_change();
DROP TABLE trend_data_version;
