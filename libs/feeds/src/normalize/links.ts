import { attr, children, text, type XmlNode } from '../parse/xml-node.js';
import { absoluteUrl, resolveBase } from './url.js';

/** The href of the Atom link a reader would follow: rel="alternate" (or no rel), HTML first. */
export function alternateLink(node: XmlNode, names: string[]): XmlNode | undefined {
  // Atom puts the URL in href; some feeds put it in the element's text instead.
  const links = names
    .flatMap((name) => children(node, name))
    .filter((l) => (attr(l, 'href') ?? text(l)).trim());
  const alternates = links.filter((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  return alternates.find((l) => /html/.test(attr(l, 'type') ?? 'text/html')) ?? alternates[0];
}

/** An element's URL (href attribute or text), resolved against its own xml:base, then `base`. */
export function elementUrl(element: XmlNode | undefined, base: string | null): string | null {
  if (element === undefined) return null;
  const ref = attr(element, 'href') ?? text(element);
  return absoluteUrl(ref, resolveBase(attr(element, 'xml:base'), base));
}
