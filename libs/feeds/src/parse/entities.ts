import { decodeHTML } from 'entities';

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Make references XML can read, outside CDATA sections and comments:
 * - entities declared in the (removed) DOCTYPE are substituted once;
 * - HTML named entities XML does not define (&nbsp; &eacute; ...) become numeric references;
 * - unknown names and bare '&' that start no reference become '&amp;'.
 */
export function repairReferences(text: string, declared: ReadonlyMap<string, string>): string {
  return mapOutsideCdata(text, (chunk) =>
    chunk.replace(
      /&(?:([A-Za-z_][\w.-]*);|(#[0-9]+;|#[xX][0-9A-Fa-f]+;))?/g,
      (whole, name?: string, numeric?: string) => {
        if (numeric) return whole;
        if (!name) return '&amp;';
        if (XML_ENTITIES.has(name)) return whole;
        const value = declared.get(name);
        if (value !== undefined) return escapeText(value);
        const decoded = decodeHTML(whole);
        if (decoded === whole) return `&amp;${name};`;
        return [...decoded].map((ch) => `&#${ch.codePointAt(0)};`).join('');
      },
    ),
  );
}

/** Apply `fn` to the parts of `text` that are neither CDATA sections nor comments. */
export function mapOutsideCdata(text: string, fn: (chunk: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g)) {
    out += fn(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + fn(text.slice(last));
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
