import { NS } from '../parse/namespaces.js';
import type { Feed } from '../repositories/feed.repository.js';
import { feedForReaders } from '../registry/reader-view.js';
import type { FeedListFormat } from './feed-list-entry.js';

/** The feeds a list file holds: the polled ones (the outlets' rows of imported articles are no feeds). */
export function exportableFeeds(feeds: readonly Feed[]): Feed[] {
  return feeds.filter((feed) => /^https?:/i.test(feed.url));
}

/**
 * The registry as a list file: OPML 2.0 that any feed reader imports, with the outlet, country,
 * language and kind as stancewatch's own outline attributes, or feeds.json as config/ holds it.
 * URLs go out as readers see them: a feed's credentials are masked (`https://***@host/...`).
 */
export function writeFeedList(feeds: readonly Feed[], format: FeedListFormat, now = new Date()): string {
  const listed = exportableFeeds(feeds).map(feedForReaders);
  return format === 'json' ? feedsJson(listed) : opml(listed, now);
}

function feedsJson(feeds: readonly Feed[]): string {
  const entries = feeds.map((feed) => ({
    url: feed.url,
    title: feed.title ?? feed.outlet,
    outlet: feed.outlet,
    country: feed.country,
    language: feed.language,
    kind: feed.kind,
  }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}

function opml(feeds: readonly Feed[], now: Date): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<opml version="2.0" xmlns:stancewatch="${NS.stancewatch}">`,
    '  <head>',
    '    <title>stancewatch feeds</title>',
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
  ];
  for (const feed of feeds) {
    const attributes: Array<[string, string | null]> = [
      ['type', 'rss'],
      ['text', feed.title ?? feed.outlet],
      ['title', feed.title],
      ['xmlUrl', feed.url],
      ['stancewatch:outlet', feed.outlet],
      ['stancewatch:country', feed.country],
      ['stancewatch:language', feed.language],
      ['stancewatch:kind', feed.kind],
    ];
    const written = attributes
      .filter((pair): pair is [string, string] => pair[1] !== null)
      .map(([name, value]) => `${name}="${escapeAttribute(value)}"`);
    lines.push(`    <outline ${written.join(' ')}/>`);
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
