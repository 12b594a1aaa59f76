import type { IncomingHttpHeaders } from 'node:http';

/** Retry-After as seconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null if absent or junk. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | null {
  const text = firstValue(value)?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text);
  // An HTTP date always names a day or month; this keeps Date.parse from reading "-5" as a year.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * How long the server says the response stays fresh: Cache-Control max-age (or s-maxage), else
 * Expires minus the server's Date. null when the server gives no hint or forbids caching.
 */
export function freshnessSeconds(headers: IncomingHttpHeaders, now: Date): number | null {
  const cacheControl = parseCacheControl(headers['cache-control']);
  if (cacheControl.has('no-store')) return null;
  for (const directive of ['max-age', 's-maxage']) {
    const seconds = Number(cacheControl.get(directive));
    if (cacheControl.has(directive) && Number.isInteger(seconds) && seconds >= 0) return seconds;
  }
  const expires = firstValue(headers.expires);
  if (!expires) return null;
  const expiresAt = Date.parse(expires);
  // An invalid Expires (often "0" or "-1") means "already expired" per RFC 9111.
  if (Number.isNaN(expiresAt)) return 0;
  const serverNow = Date.parse(firstValue(headers.date) ?? '');
  const reference = Number.isNaN(serverNow) ? now.getTime() : serverNow;
  return Math.max(0, Math.floor((expiresAt - reference) / 1000));
}

function parseCacheControl(value: string | string[] | undefined): Map<string, string> {
  const directives = new Map<string, string>();
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  for (const part of text.split(',')) {
    const [name, ...rest] = part.split('=');
    const key = name.trim().toLowerCase();
    if (key) directives.set(key, rest.join('=').trim().replace(/^"|"$/g, ''));
  }
  return directives;
}

export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
