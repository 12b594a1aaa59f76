import { decodeHTML } from 'entities';
import { Occurrences, removeSpans } from '../parse/scan.js';

/** A feed a site names for itself: `<link rel="alternate">` in its page, or its `Link` header. */
export interface FeedCandidate {
  url: string;
  title: string | null;
  /** The media type it was announced with (application/rss+xml, application/atom+xml, application/feed+json). */
  type: string;
}

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json']);
/** More than any site announces; a page listing thousands is not asking to be read whole. */
export const MAX_CANDIDATES = 50;

/**
 * The feeds an HTML page announces with `<link rel="alternate" type="…" href="…">` (RSS, Atom, JSON
 * Feed; `application/json` only when its title says it is a feed: WordPress announces its REST API
 * so), resolved against the page's `<base href>` and address, in page order, without duplicates.
 * One pass over the page: comments are skipped, attributes read by one regular expression per tag.
 */
export function alternateLinksInHtml(html: string, pageUrl: string): FeedCandidate[] {
  const commentEnds = new Occurrences(html, '-->');
  const page = removeSpans(html, '<!--', (at) => commentEnds.endOfNext(at + 4));
  const tagEnds = new Occurrences(page, '>');
  const base = baseOf(tagsNamed(page, 'base', tagEnds).next().value, pageUrl);
  const found: FeedCandidate[] = [];
  for (const inside of tagsNamed(page, 'link', tagEnds)) {
    const attributes = attributesOf(inside);
    const candidate = candidateOf(attributes.rel, attributes.type, attributes.href, attributes.title, base);
    if (candidate) add(found, candidate);
    if (found.length >= MAX_CANDIDATES) break;
  }
  return found;
}

/** A tag no page needs: a `<link>` is a few hundred characters. */
const MAX_TAG_CHARS = 65_536;

/**
 * What is inside each `<name …>` tag, found in one pass: every opening by a fixed-width pattern, its
 * `>` by binary search among the positions of all of them (a regex such as `/<link\b([^>]*)>/g`
 * rescans the rest of the page from every `<link` that never closes: minutes for a crafted page).
 */
function* tagsNamed(page: string, name: string, tagEnds: Occurrences): Generator<string> {
  const opening = new RegExp(`<${name}(?=[\\s/>])`, 'gi');
  for (let m = opening.exec(page); m; m = opening.exec(page)) {
    const end = tagEnds.next(m.index);
    if (end < 0) return;
    if (end - m.index <= MAX_TAG_CHARS) yield page.slice(m.index + m[0].length, end);
    opening.lastIndex = end;
  }
}

/** The feeds a `Link` header (RFC 8288) announces: `<https://site/feed.xml>; rel="alternate"; type="application/rss+xml"`. */
export function alternateLinksInHeader(header: string | null, pageUrl: string): FeedCandidate[] {
  if (!header) return [];
  const found: FeedCandidate[] = [];
  // Each link value is `<target>` and its parameters up to the next `<` (one pass, by indexOf).
  for (let open = header.indexOf('<'); open >= 0 && found.length < MAX_CANDIDATES;) {
    const close = header.indexOf('>', open);
    if (close < 0) break;
    const next = header.indexOf('<', close);
    const target = header.slice(open + 1, close);
    const rest = header.slice(close + 1, next < 0 ? header.length : next);
    open = next;
    const params: Record<string, string> = {};
    for (const part of rest.split(';').slice(1)) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const name = part.slice(0, eq).trim().toLowerCase();
      params[name] ??= part
        .slice(eq + 1)
        .replace(/,\s*$/, '')
        .trim()
        .replace(/^"(.*)"$/, '$1');
    }
    const candidate = candidateOf(params.rel, params.type, target.trim(), params.title, pageUrl);
    if (candidate) add(found, candidate);
  }
  return found;
}

function candidateOf(
  rel: string | undefined,
  type: string | undefined,
  href: string | undefined,
  title: string | undefined,
  base: string,
): FeedCandidate | null {
  if (!rel || !href || !rel.toLowerCase().split(/\s+/).includes('alternate')) return null;
  const media = (type ?? '').toLowerCase().split(';')[0].trim();
  const named = title?.trim() || null;
  const isFeed = FEED_TYPES.has(media) || (media === 'application/json' && /\bfeed\b/i.test(named ?? ''));
  if (!isFeed) return null;
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return { url: url.href, title: named, type: media };
}

function add(found: FeedCandidate[], candidate: FeedCandidate): void {
  if (!found.some((c) => c.url === candidate.url)) found.push(candidate);
}

function baseOf(inside: string | undefined, pageUrl: string): string {
  const href = inside === undefined ? undefined : attributesOf(inside).href;
  if (!href) return pageUrl;
  try {
    return new URL(href, pageUrl).href;
  } catch {
    return pageUrl;
  }
}

/** A tag's attributes by lower-case name, values with their character references decoded. */
function attributesOf(inside: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of inside.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
    found[m[1].toLowerCase()] ??= decodeHTML(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return found;
}
