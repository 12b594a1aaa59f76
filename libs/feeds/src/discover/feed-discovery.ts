import type { AddressGuard } from '../../../http/src/index.js';
import { decodeFeedBytes } from '../decode/charset.js';
import { fetchFeed, type FetchLimits } from '../fetch/feed-fetcher.js';
import { rootElementName } from '../parse/prepare-xml.js';
import { alternateLinksInHeader, alternateLinksInHtml, type FeedCandidate } from './alternate-links.js';

/** What an address given to `feeds add` turned out to be. */
export type Discovery =
  /** A feed itself (RSS, Atom or JSON Feed), or a document that is no HTML page: registered as given. */
  | { kind: 'feed' }
  /** An HTML page, with the feeds it announces (none, one or several). */
  | { kind: 'page'; pageUrl: string; candidates: FeedCandidate[] }
  /** It could not be read now (down, refused, an HTTP error): registered as given, polls will tell. */
  | { kind: 'unreachable'; reason: string };

export type DiscoverFeeds = (url: string) => Promise<Discovery>;

const FEED_ROOT = /^([\w.-]+:)?(rss|RDF|feed|channel)$/i;

/**
 * Reads an address through the same guarded fetcher as polls (the SSRF guard on every hop, the size,
 * time and redirect limits) and says whether it is a feed or a page that announces feeds, in its
 * `<link rel="alternate">` elements or its `Link` header.
 */
export function feedDiscovery(limits: FetchLimits, guard: AddressGuard): DiscoverFeeds {
  return async (url) => {
    let outcome;
    try {
      outcome = await fetchFeed(url, null, limits, guard);
    } catch (error) {
      return { kind: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
    }
    if (outcome.kind !== 'fetched') return { kind: 'feed' };
    const { text } = decodeFeedBytes(outcome.body, outcome.contentType);
    if (!isHtml(text, outcome.contentType)) return { kind: 'feed' };
    const pageUrl = outcome.finalUrl;
    const candidates = [
      ...alternateLinksInHtml(text, pageUrl),
      ...alternateLinksInHeader(outcome.link, pageUrl),
    ].filter((candidate, index, all) => all.findIndex((c) => c.url === candidate.url) === index);
    return { kind: 'page', pageUrl, candidates };
  };
}

function isHtml(text: string, contentType: string | null): boolean {
  const start = text.trimStart();
  if (start.startsWith('{')) return false; // JSON Feed
  const root = rootElementName(start);
  if (root && FEED_ROOT.test(root)) return false;
  if (root && /^html$/i.test(root)) return true;
  return /^\s*(text\/html|application\/xhtml\+xml)/i.test(contentType ?? '');
}
