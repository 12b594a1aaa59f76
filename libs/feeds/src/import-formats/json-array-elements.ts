/**
 * The elements of the first array inside a top-level JSON object (`{"articles": [{…}, {…}]}`), each
 * parsed on its own as the text streams past, numbered from 1: a file of any length is never held
 * whole, and a bad element is reported by its position while the rest are read. An element longer
 * than `maxChars` is refused unread.
 */

export type ArrayElement = { position: number; value: unknown } | { position: number; reason: string };

export const JSON_ELEMENT_MAX_CHARS = 1_000_000;

export async function* jsonArrayElements(
  chunks: AsyncIterable<string>,
  maxChars = JSON_ELEMENT_MAX_CHARS,
): AsyncGenerator<ArrayElement> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let arrayDepth = -1;
  let position = 0;
  let parts: string[] | null = null;
  let length = 0;
  let tooLong = false;

  const finish = (): ArrayElement => {
    const text = (parts ?? []).join('').trim();
    [parts, length] = [null, 0];
    if (tooLong) {
      tooLong = false;
      return { position, reason: `longer than ${maxChars.toLocaleString('en')} characters` };
    }
    try {
      return { position, value: JSON.parse(text) };
    } catch (error) {
      return { position, reason: `not valid JSON (${(error as Error).message})` };
    }
  };

  for await (const chunk of chunks) {
    let from = 0;
    const hold = (end: number) => {
      if (parts === null || tooLong || end <= from) return;
      length += end - from;
      if (length > maxChars) [tooLong, parts] = [true, []];
      else parts.push(chunk.slice(from, end));
    };
    for (let i = 0; i < chunk.length; i += 1) {
      const c = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      const atElementLevel = arrayDepth >= 0 && depth === arrayDepth;
      if (atElementLevel && (c === ',' || c === ']')) {
        if (parts !== null) {
          hold(i);
          yield finish();
        }
        from = i + 1;
        if (c === ']') [arrayDepth, depth] = [-2, depth - 1];
        continue;
      }
      if (atElementLevel && parts === null && !/\s/.test(c)) {
        [parts, length, from] = [[], 0, i];
        position += 1;
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') {
        if (depth === 0 && c === '[')
          throw new SyntaxError('expected a JSON object at the top, found an array');
        depth += 1;
        if (c === '[' && depth === 2 && arrayDepth === -1) [arrayDepth, from] = [depth, i + 1];
      } else if (c === '}' || c === ']') depth -= 1;
    }
    hold(chunk.length);
    from = 0;
  }
  if (arrayDepth >= 0) {
    yield {
      position: position + (parts === null ? 1 : 0),
      reason: 'the file ends inside the article list (cut short?)',
    };
  }
}
