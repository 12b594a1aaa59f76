import { attr, text, type XmlNode } from '../parse/xml-node.js';
import { htmlToText, plainText } from './text.js';
import { capText, htmlPrefix, prefix, type TextLimit } from './text-limits.js';

/**
 * The plain text of an element holding text or markup. Atom says how to read it (type="text",
 * "html", "xhtml"; Atom 0.3 also mode="base64"); RSS does not, and publishers put escaped HTML
 * in nearly every RSS text element, so RSS text is read as HTML. At most `limit.maxRawChars` of the
 * value are read and `limit.maxChars` of its text kept.
 */
export function readText(element: XmlNode | undefined, atom: boolean, limit: TextLimit): string | null {
  if (element === undefined) return null;
  let value = text(element);
  if (attr(element, 'mode') === 'base64') value = Buffer.from(value, 'base64').toString('utf8');
  const type = (attr(element, 'type') ?? '').toLowerCase();
  const isPlain = atom && (type === '' || type === 'text' || type === 'text/plain');
  const plain = isPlain ? plainText(prefix(value, limit.maxRawChars)) : htmlToText(htmlPrefix(value, limit));
  return capText(plain, limit);
}
