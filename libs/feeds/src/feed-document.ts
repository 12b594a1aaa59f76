/**
 * The parsed, normalised shape of one feed document: what the ingester, the
 * dedupe step and `stancewatch feed parse` all consume.
 */
export interface FeedDocument {
  feed: FeedMeta;
  items: FeedItem[];
}

export interface FeedMeta {
  title: string | null;
  link: string | null;
  language: string | null;
  ttlMinutes: number | null;
  /** The character encoding the bytes were decoded with (lower-case label, e.g. 'utf-8', 'windows-1251'). */
  encoding: string;
  /** 'rss2.0' | 'rss1.0' | 'rss0.9x' | 'atom1.0' | 'atom0.3' | 'json1.0' | 'json1.1' */
  format: string;
}

export interface FeedItem {
  /** The item's id/guid as given; null if none. */
  guid: string | null;
  /** Absolute link (xml:base, feed link, document URL applied). */
  url: string | null;
  /** url without tracking params, fragment or default port; lower-case host; sorted query. */
  canonicalUrl: string | null;
  /** Plain text: entities decoded, tags removed, whitespace collapsed. */
  title: string | null;
  /** Plain text likewise (description/summary preferred, content as fallback). */
  summary: string | null;
  author: string | null;
  /** UTC; from published/pubDate/dc:date, else updated. */
  publishedAt: Date | null;
  /** 'indexed': an import's record dated by when an archive indexed it (Media Cloud), the outlet gave no date. */
  publishedAtSource: 'published' | 'updated' | 'indexed' | null;
  categories: string[];
  /** Declared item/feed language ('en', 'ru', 'zh' ...), else guessed from the script of title+summary, else null. */
  language: string | null;
  /** GDELT's document tone (first value of GKG V1.5TONE), for imported GKG rows only. */
  gdeltTone?: number | null;
}
