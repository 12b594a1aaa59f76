/**
 * The date forms of foreign exports, as the ISO 8601 instants the importer takes. Null when the text
 * is not in the form, so the caller can say which form it expected.
 */

/** GDELT's basic ISO UTC: `20250508T142000Z` (DOC API `seendate`). */
export function gdeltSeenDate(text: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : null;
}

/** GDELT's `YYYYMMDDHHMMSS` in UTC (GKG `V2.1DATE`). */
export function gdeltCompactDate(text: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : null;
}

/**
 * Media Cloud's dates: a date alone (`2025-05-08`, that day in UTC), or a date-time with a space or
 * `T`, fractions and an optional zone; without a zone it is UTC, as Media Cloud stores them.
 */
export function mediaCloudDate(text: string): string | null {
  const t = text.trim();
  const day = /^(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (day) return `${day[1]}T00:00:00Z`;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(t);
  if (!m) return null;
  return `${m[1]}T${m[2]}${m[3] ?? ''}${m[4] ?? 'Z'}`;
}
