import { FeedParseError } from './feed-parse-error.js';
import { replaceMatches } from './scan.js';

const MAX_ENTITIES = 64;
const MAX_ENTITY_LENGTH = 4096;

export interface DoctypeResult {
  /** The text with the DOCTYPE removed (newlines kept, so parser line numbers still match). */
  text: string;
  /** Internal entities with plain literal values, safe to substitute once. */
  entities: Map<string, string>;
}

/**
 * XML parsers must never see a DOCTYPE: external entities could be fetched and nested internal
 * entities can expand exponentially ("billion laughs"). We remove the DOCTYPE, keep internal
 * entities whose value is plain text (substituted once, so expansion is linear), and refuse a
 * document whose entities reference other entities.
 */
export function stripDoctype(text: string): DoctypeResult {
  const entities = new Map<string, string>();
  const start = text.search(/<!DOCTYPE/i);
  if (start < 0) return { text, entities };
  const end = doctypeEnd(text, start);
  const doctype = text.slice(start, end);
  for (const decl of doctype.matchAll(/<!ENTITY\s+(%\s+)?([A-Za-z_][\w.-]*)\s+([\s\S]*?)>/g)) {
    const [, parameter, name, body] = decl;
    // A character reference is one character, not an expansion: DTDs declare `nbsp` as "&#160;".
    if (/[&%]/.test(body.replace(CHARACTER_REFERENCE, '')) && /^\s*["']/.test(body)) {
      throw new FeedParseError(
        `refused: the DOCTYPE declares entity "${name}" that expands other entities (an entity-expansion attack)`,
      );
    }
    if (parameter) continue;
    const literal = /^\s*(?:"([^"]*)"|'([^']*)')\s*$/.exec(body);
    // External (SYSTEM/PUBLIC) entities are never fetched: they expand to nothing.
    const value = literal ? withCharacters(name, literal[1] ?? literal[2]) : '';
    if (entities.size >= MAX_ENTITIES || value.length > MAX_ENTITY_LENGTH || /</.test(value)) {
      throw new FeedParseError('refused: the DOCTYPE declares too many or too large entities');
    }
    entities.set(name, value);
  }
  const blank = doctype.replace(/[^\n]/g, '');
  return { text: text.slice(0, start) + blank + text.slice(end), entities };
}

const CHARACTER_REFERENCE = /&#(?:[0-9]+|x[0-9A-Fa-f]+);/g;

/** An entity's value with its character references replaced by the characters (XML 1.0 Char only). */
function withCharacters(name: string, value: string): string {
  return replaceMatches(value, CHARACTER_REFERENCE, ([reference]) => {
    const code =
      reference[2] === 'x' ? parseInt(reference.slice(3, -1), 16) : parseInt(reference.slice(2, -1), 10);
    if (!isXmlCharacter(code))
      throw new FeedParseError(
        `not a feed: the DOCTYPE's entity "${name}" holds ${reference}, which is no XML character`,
      );
    return String.fromCodePoint(code);
  });
}

/** Whether XML 1.0 allows the code point as a character (its Char production). */
export function isXmlCharacter(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** The DOCTYPE ends at the first '>' outside its [internal subset] and outside quotes. */
function doctypeEnd(text: string, start: number): number {
  let inSubset = false;
  let quote: string | null = null;
  for (let i = start + 9; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') inSubset = true;
    else if (c === ']') inSubset = false;
    else if (c === '>' && !inSubset) return i + 1;
  }
  throw new FeedParseError('not a feed: XML is malformed: the DOCTYPE is never closed');
}
