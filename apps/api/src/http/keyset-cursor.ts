import { z } from 'zod';
import { once, wholeNumber } from './query-params.js';

/** Where a keyset page ends: its last row's time (µs since 1970) and id, the order the lists sort by. */
export interface KeysetPosition {
  micros: number;
  id: number;
}

/** The cursor is opaque to clients: base64url of "<time in µs since 1970>:<id>" of a page's last row. */
export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.micros}:${position.id}`, 'utf8').toString('base64url');
}

export function decodeKeysetCursor(value: string): KeysetPosition | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) return null;
  const match = /^(-?\d{1,17}):(\d{1,16})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match) return null;
  const position = { micros: Number(match[1]), id: Number(match[2]) };
  return Number.isSafeInteger(position.micros) && Number.isSafeInteger(position.id) && position.id > 0
    ? position
    : null;
}

/** The `cursor` query parameter of a keyset list. */
export const cursorParameter = once(
  z
    .string()
    .refine(
      (value) => decodeKeysetCursor(value) !== null,
      'not a cursor from this API; pass nextCursor from the previous page unchanged',
    ),
)
  .optional()
  .describe('the next page: nextCursor of the previous page, unchanged');

/** The `limit` query parameter of a keyset list: rows per page, 1 to `max`. */
export const pageLimit = (max: number, fallback: number) =>
  once(wholeNumber(1, max)).optional().describe(`rows per page, from 1 to ${max}; default ${fallback}`);

/** The same list's next page, for the `Link: rel="next"` header of a CSV page. */
export function nextPageUrl(originalUrl: string, cursor: string): string {
  const url = new URL(originalUrl, 'http://placeholder');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}
