/**
 * Reading the xml2js tree (explicitArray: true): an element is a string when it has only text,
 * else an object with `_` (text), `$` (attributes) and one array per child element name.
 */
export type XmlNode = string | XmlElement;
export interface XmlElement {
  _?: string;
  $?: Record<string, string>;
  [child: string]: unknown;
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (!node || typeof node === 'string') return [];
  const value = node[name];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

export function child(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  for (const name of names) {
    const found = children(node, name)[0];
    if (found !== undefined) return found;
  }
  return undefined;
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  if (!node || typeof node === 'string') return undefined;
  return node.$?.[name];
}

/** The element's own text ('' for an element without text). */
export function text(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  return typeof node._ === 'string' ? node._ : '';
}

/** Text of the first of `names` that has non-blank text. */
export function firstText(
  node: XmlNode | undefined,
  ...names: string[]
): { value: string; element: XmlNode } | null {
  for (const name of names) {
    for (const element of children(node, name)) {
      const value = text(element);
      if (value.trim() !== '') return { value, element };
    }
  }
  return null;
}
