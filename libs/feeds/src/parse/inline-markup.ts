/**
 * Elements whose value is text but which feeds fill with child markup: Atom type="xhtml",
 * Atom 0.3 mode="xml", and RSS descriptions with unescaped HTML. xml2js splits mixed content
 * into text and child objects and loses their order, so before parsing we turn such inner
 * markup into one CDATA section: the element then carries its HTML as a string.
 */
const TEXT_ELEMENTS = [
  'title',
  'subtitle',
  'tagline',
  'summary',
  'content',
  'description',
  'info',
  'rights',
  'copyright',
  'content:encoded',
  'dc:description',
  'dc:title',
  'atom:title',
  'atom:summary',
  'atom:content',
  'xhtml:body',
  'body',
  'abstract',
];
const OPEN = new RegExp(`<(${TEXT_ELEMENTS.map((n) => n.replace(':', '\\:')).join('|')})(\\s[^<>]*)?>`, 'g');

export function inlineMarkupToCdata(xml: string): string {
  let out = '';
  let cursor = 0;
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(xml); m; m = OPEN.exec(xml)) {
    if (m[0].endsWith('/>')) continue;
    const name = m[1];
    const innerStart = m.index + m[0].length;
    const close = findClose(xml, name, innerStart);
    if (close < 0) continue;
    const inner = xml.slice(innerStart, close);
    if (!hasChildElement(inner)) continue;
    out += xml.slice(cursor, innerStart) + toCdata(inner);
    cursor = close;
    OPEN.lastIndex = close;
  }
  return out + xml.slice(cursor);
}

/** The matching `</name>`, skipping nested elements of the same name. */
function findClose(xml: string, name: string, from: number): number {
  const tags = new RegExp(`<(/?)${name.replace(':', '\\:')}(?=[\\s>/])[^>]*?(/?)>`, 'g');
  tags.lastIndex = from;
  let depth = 1;
  for (let t = tags.exec(xml); t; t = tags.exec(xml)) {
    if (t[2]) continue;
    depth += t[1] ? -1 : 1;
    if (depth === 0) return t.index;
  }
  return -1;
}

function hasChildElement(inner: string): boolean {
  return /<[A-Za-z]/.test(inner.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''));
}

/** Existing CDATA sections are unwrapped (escaped), then everything goes into one section. */
function toCdata(inner: string): string {
  const flat = inner.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  );
  return `<![CDATA[${flat.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`;
}
