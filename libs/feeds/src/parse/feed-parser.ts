import { decodeFeedBytes } from '../decode/charset.js';
import type { FeedDocument } from '../feed-document.js';
import { buildDocument } from '../normalize/build-document.js';
import { buildJsonFeed } from '../normalize/build-json-feed.js';
import { FeedParseError } from './feed-parse-error.js';
import { isJsonContentType, looksLikeJson, parseJsonFeed } from './json-feed.js';
import { scanNamespaces } from './namespaces.js';
import { prepareXml } from './prepare-xml.js';
import { runRssParser } from './run-rss-parser.js';

export { FeedParseError } from './feed-parse-error.js';

export interface ParseTextOptions {
  /** Where the document came from: the last resort base for relative links. */
  documentUrl?: string;
  fetchedAt?: Date;
  /** The encoding the text was decoded from, recorded in `feed.encoding` (default 'utf-8'). */
  encoding?: string;
  /** The server said it is JSON: read it as a JSON Feed unless it starts like XML (mislabelled feeds are common). */
  json?: boolean;
}

export interface ParseBytesOptions {
  contentType?: string | null;
  documentUrl?: string;
  fetchedAt?: Date;
}

/**
 * Parse decoded feed text (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1). Throws FeedParseError,
 * and only that, when the text is not a feed. JSON is told from XML by its first character (`{`) or
 * by `opts.json` (a JSON content type); a JSON Feed is then recognised by its `version`.
 */
export async function parseFeedText(text: string, opts: ParseTextOptions = {}): Promise<FeedDocument> {
  try {
    if (looksLikeJson(text) || (opts.json && !/^[\uFEFF\s]*</.test(text))) {
      const { version, feed } = parseJsonFeed(text);
      return buildJsonFeed(feed, {
        version,
        documentUrl: opts.documentUrl ?? null,
        encoding: opts.encoding ?? 'utf-8',
      });
    }
    const xml = prepareXml(text);
    const namespaces = scanNamespaces(xml);
    const parsed = await runRssParser(xml, namespaces);
    return buildDocument(parsed, {
      rootNamespace: namespaces.rootNamespace,
      documentUrl: opts.documentUrl ?? null,
      encoding: opts.encoding ?? 'utf-8',
    });
  } catch (error) {
    if (error instanceof FeedParseError) throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new FeedParseError(`not a feed: ${reason}`);
  }
}

/**
 * Decode (BOM, HTTP charset, XML declaration, UTF-8, fallback) and parse feed bytes; a JSON content
 * type (application/feed+json, application/json) reads them as a JSON Feed.
 */
export async function parseFeedBytes(bytes: Uint8Array, opts: ParseBytesOptions = {}): Promise<FeedDocument> {
  if (bytes.length === 0) throw new FeedParseError('empty document');
  const decoded = decodeFeedBytes(bytes, opts.contentType);
  return parseFeedText(decoded.text, {
    documentUrl: opts.documentUrl,
    fetchedAt: opts.fetchedAt,
    encoding: decoded.encoding,
    json: isJsonContentType(opts.contentType),
  });
}
