import { FeedParseError } from './feed-parse-error.js';

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
    if (/[&%]/.test(body) && /^\s*["']/.test(body)) {
      throw new FeedParseError(
        `refused: the DOCTYPE declares entity "${name}" that expands other entities (an entity-expansion attack)`,
      );
    }
    if (parameter) continue;
    const literal = /^\s*(?:"([^"]*)"|'([^']*)')\s*$/.exec(body);
    // External (SYSTEM/PUBLIC) entities are never fetched: they expand to nothing.
    const value = literal ? (literal[1] ?? literal[2]) : '';
    if (entities.size >= MAX_ENTITIES || value.length > MAX_ENTITY_LENGTH || /</.test(value)) {
      throw new FeedParseError('refused: the DOCTYPE declares too many or too large entities');
    }
    entities.set(name, value);
  }
  const blank = doctype.replace(/[^\n]/g, '');
  return { text: text.slice(0, start) + blank + text.slice(end), entities };
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
