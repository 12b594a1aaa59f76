import type { FeedDocument, FeedItem } from '../feed-document.js';
import { isObject } from '../parse/json-feed.js';
import { parseFeedDate } from './date.js';
import { languageFromScript, normalizeLanguage } from './language.js';
import { htmlToText, plainText } from './text.js';
import {
  AUTHOR_LIMIT,
  CATEGORY_COUNT_LIMIT,
  CATEGORY_LIMIT,
  SUMMARY_LIMIT,
  TITLE_LIMIT,
  capText,
  cappedPlainText,
  htmlPrefix,
  prefix,
} from './text-limits.js';
import { absoluteUrl, canonicalUrl } from './url.js';

export interface JsonFeedContext {
  /** '1.0' or '1.1', from the feed's `version`. */
  version: string;
  documentUrl: string | null;
  encoding: string;
}

/** A title made from an untitled item's text (microblog posts have none) is at most this long. */
const DERIVED_TITLE_CHARS = 140;
/** Authors kept per item (1.1 `authors`): the first, joined with commas, within AUTHOR_LIMIT. */
const AUTHOR_COUNT_LIMIT = 10;

/**
 * A JSON Feed's top-level object as a FeedDocument, under the XML path's limits (text-limits.ts).
 * Item links come from `url`, else `external_url`, resolved against `feed_url` (itself resolved
 * against the document's address), else the document's address. A value of the wrong type counts as
 * absent; an item that is no object stays in the document empty, so a poll counts it as unidentifiable.
 */
export function buildJsonFeed(feed: Record<string, unknown>, ctx: JsonFeedContext): FeedDocument {
  const base = absoluteUrl(str(feed.feed_url), ctx.documentUrl) ?? ctx.documentUrl;
  const language = normalizeLanguage(str(feed.language));
  const feedAuthor = authorOf(feed);
  const items = (feed.items as unknown[]).map((item) =>
    buildJsonItem(isObject(item) ? item : {}, { base, language, feedAuthor }),
  );
  return {
    feed: {
      title: cappedPlainText(str(feed.title), TITLE_LIMIT),
      link: absoluteUrl(str(feed.home_page_url), base),
      language,
      ttlMinutes: null,
      encoding: ctx.encoding,
      format: `json${ctx.version}`,
    },
    items,
  };
}

interface ItemContext {
  base: string | null;
  language: string | null;
  /** Items without authors inherit the feed's (both versions say so). */
  feedAuthor: string | null;
}

function buildJsonItem(item: Record<string, unknown>, ctx: ItemContext): FeedItem {
  const url = absoluteUrl(str(item.url), ctx.base) ?? absoluteUrl(str(item.external_url), ctx.base);
  // summary is plain text by the spec; publishers put HTML in it as in RSS, so it is read as HTML.
  const summary =
    capText(htmlToText(htmlPrefix(str(item.summary) ?? '', SUMMARY_LIMIT)), SUMMARY_LIMIT) ??
    capText(htmlToText(htmlPrefix(str(item.content_html) ?? '', SUMMARY_LIMIT)), SUMMARY_LIMIT) ??
    capText(plainText(prefix(str(item.content_text) ?? '', SUMMARY_LIMIT.maxRawChars)), SUMMARY_LIMIT);
  const title = cappedPlainText(str(item.title), TITLE_LIMIT) ?? titleFromText(summary);
  const published = parseFeedDate(str(item.date_published));
  const modified = published ? null : parseFeedDate(str(item.date_modified));
  const declared = normalizeLanguage(str(item.language)) ?? ctx.language;
  return {
    guid: idOf(item.id),
    url,
    canonicalUrl: canonicalUrl(url),
    title,
    summary,
    author: authorOf(item) ?? ctx.feedAuthor,
    publishedAt: published ?? modified,
    publishedAtSource: published ? 'published' : modified ? 'updated' : null,
    categories: tagsOf(item.tags),
    language: declared ?? languageFromScript([title, summary].filter(Boolean).join(' ')),
  };
}

/** 1.1: "if an id is presented as a number or other type, a JSON Feed reader must coerce it to a string". */
function idOf(id: unknown): string | null {
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return prefix(str(id)?.trim() ?? '', TITLE_LIMIT.maxRawChars) || null;
}

/** 1.1 `authors` (an array of objects with `name`), else 1.0 `author` (one such object). */
function authorOf(holder: Record<string, unknown>): string | null {
  const people = Array.isArray(holder.authors)
    ? holder.authors.slice(0, AUTHOR_COUNT_LIMIT)
    : [holder.author];
  const names = people
    .map((person) => (isObject(person) ? cappedPlainText(str(person.name), AUTHOR_LIMIT) : null))
    .filter((name): name is string => name !== null);
  return names.length > 0 ? capText(names.join(', '), AUTHOR_LIMIT) : null;
}

function tagsOf(tags: unknown): string[] {
  if (!Array.isArray(tags)) return [];
  const cleaned = tags
    .slice(0, CATEGORY_COUNT_LIMIT * 4)
    .map((tag) => cappedPlainText(str(tag), CATEGORY_LIMIT))
    .filter((tag): tag is string => tag !== null);
  return [...new Set(cleaned)].slice(0, CATEGORY_COUNT_LIMIT);
}

/** The start of the text, cut at a word within DERIVED_TITLE_CHARS, with an ellipsis when cut. */
function titleFromText(text: string | null): string | null {
  if (!text) return null;
  if (text.length <= DERIVED_TITLE_CHARS) return text;
  const cut = prefix(text, DERIVED_TITLE_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > DERIVED_TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
