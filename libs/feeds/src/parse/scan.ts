/**
 * One-pass building blocks for the pre-pass. A feed can hold a million openers that never close
 * (`<!--`, `<![CDATA[`, `<title>`); searching for the closer again from each of them rescans the
 * same tail every time, which is quadratic. Instead each closer's positions are collected once and
 * then looked up by binary search.
 */
export class Occurrences {
  private positions: Int32List | null = null;

  /** `pattern`: a fixed string (overlapping occurrences count) or a global regex of one shape. */
  constructor(
    private readonly text: string,
    private readonly pattern: string | RegExp,
  ) {}

  /** The first occurrence at or after `from`, or -1. */
  next(from: number): number {
    const positions = (this.positions ??= this.collect());
    return positions.firstAtOrAfter(from);
  }

  /** Just past the first occurrence at or after `from` (a fixed-string pattern), or -1. */
  endOfNext(from: number): number {
    const at = this.next(from);
    return at < 0 ? -1 : at + (this.pattern as string).length;
  }

  get count(): number {
    return (this.positions ??= this.collect()).length;
  }

  private collect(): Int32List {
    const found = new Int32List();
    if (typeof this.pattern === 'string') {
      for (let at = this.text.indexOf(this.pattern); at >= 0; at = this.text.indexOf(this.pattern, at + 1)) {
        found.push(at);
      }
    } else {
      const pattern = new RegExp(this.pattern.source, 'g');
      for (let m = pattern.exec(this.text); m; m = pattern.exec(this.text)) found.push(m.index);
    }
    return found;
  }
}

/**
 * Whole numbers in a growing Int32Array: a document of 15 million '>' has 15 million offsets,
 * 60 MB here against twice that (and copies while growing) in an array of numbers.
 */
export class Int32List {
  private values = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  at(index: number): number {
    return this.values[index];
  }

  /** The first value at or after `from` (binary search of values in ascending order), or -1. */
  firstAtOrAfter(from: number): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.values[mid] < from) low = mid + 1;
      else high = mid;
    }
    return low < this.length ? this.values[low] : -1;
  }
}

/**
 * The spans a lazy global regex such as `/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g` would match, left to
 * right and without overlap, found in one pass: at each `opener`, `spanEnd(at)` says where a span
 * starting there ends (-1 when none does: the scan moves on by one character, as the regex would).
 */
export function* findSpans(
  text: string,
  opener: string,
  spanEnd: (at: number) => number,
): Generator<[start: number, end: number]> {
  let at = text.indexOf(opener);
  while (at >= 0) {
    const end = spanEnd(at);
    if (end < 0) {
      at = text.indexOf(opener, at + 1);
      continue;
    }
    yield [at, end];
    at = text.indexOf(opener, end);
  }
}

/** `text` without the spans `findSpans` finds. */
export function removeSpans(text: string, opener: string, spanEnd: (at: number) => number): string {
  const kept: string[] = [];
  let keptFrom = 0;
  for (const [start, end] of findSpans(text, opener, spanEnd)) {
    kept.push(text.slice(keptFrom, start));
    keptFrom = end;
  }
  kept.push(text.slice(keptFrom));
  return kept.join('');
}

/**
 * What `text.replace(pattern, (...) => replacement(match))` returns, for a global `pattern`, in
 * memory proportional to what changes. String.prototype.replace with a function first collects
 * every match with its substrings (V8's RegExpExecMultiple): the millions of matches a 15 MiB body
 * can hold outgrow the parse thread's heap, and running out there can abort the whole process
 * instead of failing the thread (nodejs/node#47224). Matches replaced by themselves cost nothing.
 */
export function replaceMatches(
  text: string,
  pattern: RegExp,
  replacement: (match: RegExpExecArray) => string,
): string {
  const chunks: string[] = [];
  let parts: string[] = [];
  let kept = 0;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0] === '') {
      pattern.lastIndex += 1;
      continue;
    }
    const value = replacement(m);
    if (value === m[0]) continue;
    parts.push(text.slice(kept, m.index), value);
    kept = m.index + m[0].length;
    // Joined as it goes: an array of millions of short strings costs far more than their text.
    if (parts.length >= 16_384) {
      chunks.push(parts.join(''));
      parts = [];
    }
  }
  if (kept === 0 && chunks.length === 0 && parts.length === 0) return text;
  parts.push(text.slice(kept));
  chunks.push(parts.join(''));
  return chunks.join('');
}
