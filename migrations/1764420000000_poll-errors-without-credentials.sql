-- Up Migration

-- Poll errors quote the feed's URL, until now with the user and password it may carry. Polls store them
-- without since; this hides them in the errors stored before, by the rules of libs/http/src/credentials.ts:
-- the feed's own URL as given (a password with a space in it), then the userinfo of every URL.
UPDATE feeds
SET last_error = regexp_replace(
  replace(last_error, url, regexp_replace(url, '^([a-z][a-z0-9+.-]*://)[^/?#]*@', '\1***@', 'i')),
  '\y([a-z][a-z0-9+.-]*://)[^\s/?#]*@', '\1***@', 'gi')
WHERE last_error LIKE '%@%';

UPDATE feed_polls AS p
SET error = regexp_replace(
  replace(p.error, f.url, regexp_replace(f.url, '^([a-z][a-z0-9+.-]*://)[^/?#]*@', '\1***@', 'i')),
  '\y([a-z][a-z0-9+.-]*://)[^\s/?#]*@', '\1***@', 'gi')
FROM feeds AS f
WHERE f.id = p.feed_id AND p.error LIKE '%@%';

-- Down Migration

-- Nothing to restore: the credentials are still in feeds.url, where polls take them from.
SELECT 1;
