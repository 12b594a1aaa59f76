import express, { type RequestHandler } from 'express';

export const FEED_LIST_IMPORT_PATH = '/api/v1/feeds/import';
export const FEED_LIST_MAX_BYTES = 5 * 1024 * 1024;

/**
 * The feed-list import reads its body as bytes, whatever the content type says (readers label OPML
 * text/xml, application/xml, text/x-opml or nothing): the list reader tells JSON from OPML and
 * decodes OPML by its own declaration (ISO-8859-1 included). Mounted for admin callers only, as
 * the article import's parsers are.
 */
export function feedListBodyParsers(): RequestHandler[] {
  return [express.raw({ type: () => true, limit: FEED_LIST_MAX_BYTES })];
}
