/**
 * One feed as a list file describes it (an OPML outline or a feeds.json entry), before it is checked
 * against the registry's rules: every field as the file gave it, absent when the file has none.
 */
export interface FeedListEntry {
  /** The feed's address as written (OPML `xmlUrl`, feeds.json `url`); '' when the entry has none. */
  url: string;
  title?: string;
  /** The site's address (OPML `htmlUrl`), a fallback name for an outline without a title. */
  siteUrl?: string;
  /** The path of the categories the outline is nested in ("News / Russia"), else its `category` attribute. */
  category?: string;
  /** Set only when the file says so: stancewatch's own attributes, or the fields of feeds.json. */
  outlet?: string;
  country?: string;
  language?: string;
  kind?: string;
  /** What the file itself got wrong about this entry (a feeds.json entry that is not an object). */
  problem?: string;
}

/** The formats `stancewatch feeds import` reads and `feeds export` writes. */
export type FeedListFormat = 'opml' | 'json';
