/**
 * One-pass building blocks for the pre-pass. A feed can hold a million openers that never close
 * (`<!--`, `<![CDATA[`, `<title>`); searching for the closer again from each of them rescans the
 * same tail every time, which is quadratic. Instead each closer's positions are collected once and
 * then looked up by binary search.
 */
export class Occurrences {
  private positions: number[] | null = null;

  /** `pattern`: a fixed string (overlapping occurrences count) or a global regex of one shape. */
  constructor(
    private readonly text: string,
    private readonly pattern: string | RegExp,
  ) {}

  /** The first occurrence at or after `from`, or -1. */
  next(from: number): number {
    const positions = (this.positions ??= this.collect());
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (positions[mid] < from) low = mid + 1;
      else high = mid;
    }
    return low < positions.length ? positions[low] : -1;
  }

  /** Just past the first occurrence at or after `from` (a fixed-string pattern), or -1. */
  endOfNext(from: number): number {
    const at = this.next(from);
    return at < 0 ? -1 : at + (this.pattern as string).length;
  }

  get count(): number {
    return (this.positions ??= this.collect()).length;
  }

  private collect(): number[] {
    const found: number[] = [];
    if (typeof this.pattern === 'string') {
      for (let at = this.text.indexOf(this.pattern); at >= 0; at = this.text.indexOf(this.pattern, at + 1)) {
        found.push(at);
      }
    } else {
      for (const m of this.text.matchAll(this.pattern)) found.push(m.index);
    }
    return found;
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
