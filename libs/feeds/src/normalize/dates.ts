import { firstText, type XmlNode } from '../parse/xml-node.js';
import { parseFeedDate } from './date.js';

const PUBLISHED = [
  'pubDate',
  'published',
  'issued',
  'dc:date',
  'dcterms:issued',
  'dcterms:created',
  'created',
  'atom:published',
];
const UPDATED = ['updated', 'modified', 'dcterms:modified', 'atom:updated', 'lastBuildDate'];

/** The item's publication date, else its update date, recording which one was used. */
export function itemDate(item: XmlNode): {
  publishedAt: Date | null;
  publishedAtSource: 'published' | 'updated' | null;
} {
  for (const [names, source] of [
    [PUBLISHED, 'published'],
    [UPDATED, 'updated'],
  ] as const) {
    for (const name of names) {
      const date = parseFeedDate(firstText(item, name)?.value);
      if (date) return { publishedAt: date, publishedAtSource: source };
    }
  }
  return { publishedAt: null, publishedAtSource: null };
}
