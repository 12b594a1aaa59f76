import { attr, text, type XmlNode } from '../parse/xml-node.js';
import { htmlToText, plainText } from './text.js';

/**
 * The plain text of an element holding text or markup. Atom says how to read it (type="text",
 * "html", "xhtml"; Atom 0.3 also mode="base64"); RSS does not, and publishers put escaped HTML
 * in nearly every RSS text element, so RSS text is read as HTML.
 */
export function readText(element: XmlNode | undefined, atom: boolean): string | null {
  if (element === undefined) return null;
  let value = text(element);
  if (attr(element, 'mode') === 'base64') value = Buffer.from(value, 'base64').toString('utf8');
  const type = (attr(element, 'type') ?? '').toLowerCase();
  const isPlain = atom && (type === '' || type === 'text' || type === 'text/plain');
  return isPlain ? plainText(value) : htmlToText(value);
}
