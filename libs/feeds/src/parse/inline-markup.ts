import { FeedParseError } from './feed-parse-error.js';
import { Int32List, Occurrences } from './scan.js';

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
  const scan = new TextElementScan(xml);
  let out = '';
  let cursor = 0;
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(xml); m; m = OPEN.exec(xml)) {
    if (m[0].endsWith('/>')) continue;
    const name = m[1];
    const innerStart = m.index + m[0].length;
    const close = scan.closeOf(name, innerStart);
    if (close < 0) continue;
    if (!scan.hasChildElement(innerStart, close)) continue;
    out += xml.slice(cursor, innerStart) + scan.toCdata(innerStart, close);
    cursor = close;
    OPEN.lastIndex = close;
  }
  return out + xml.slice(cursor);
}

/**
 * The questions the conversion asks about one document, answered without rescanning it: every
 * lookup goes through positions collected once (see scan.ts). Results are exactly those of
 * the regexes this replaced (`findClose`, and CDATA removal by a lazy regex on the inner text).
 */
class TextElementScan {
  private readonly tagsByName = new Map<string, ElementTags>();
  private readonly tagEnds: Occurrences;
  private readonly cdataOpens: Occurrences;
  private readonly cdataEnds: Occurrences;
  private readonly elementStarts: Occurrences;
  private sectionsSkipped = 0;

  constructor(private readonly xml: string) {
    this.tagEnds = new Occurrences(xml, '>');
    this.cdataOpens = new Occurrences(xml, CDATA_OPEN);
    this.cdataEnds = new Occurrences(xml, CDATA_CLOSE);
    this.elementStarts = new Occurrences(xml, /<[A-Za-z]/g);
  }

  /** The matching `</name>` after `from`, skipping nested elements of the same name; -1 if none. */
  closeOf(name: string, from: number): number {
    let tags = this.tagsByName.get(name);
    if (!tags) {
      tags = new ElementTags(this.xml, name, this.tagEnds);
      this.tagsByName.set(name, tags);
    }
    return tags.closeOf(from);
  }

  /** Whether `xml[start, end)` has a child element once its CDATA sections are removed. */
  hasChildElement(start: number, end: number): boolean {
    let at = start;
    // Removing a section can join a '<' before it to a letter after it, as the regex's output did.
    let lessThanBefore = false;
    for (;;) {
      const section = this.cdataSectionAt(at, end);
      const plainEnd = section ? section.start : end;
      const element = this.elementStarts.next(at);
      if (element >= 0 && element + 2 <= plainEnd) return true;
      if (plainEnd > at) lessThanBefore = this.xml[plainEnd - 1] === '<';
      if (!section) return false;
      if (section.end < 0) {
        // Unclosed within the range: it, and all after it, stays text.
        const inside = this.elementStarts.next(section.start);
        return inside >= 0 && inside + 2 <= end;
      }
      at = section.end;
      if (lessThanBefore && at < end && /[A-Za-z]/.test(this.xml[at])) return true;
      this.countSkippedSection();
    }
  }

  /** `xml[start, end)` as one CDATA section: existing sections are unwrapped (escaped) first. */
  toCdata(start: number, end: number): string {
    let flat = '';
    let at = start;
    for (let section = this.cdataSectionAt(at, end); section && section.end >= 0;) {
      const text = this.xml.slice(section.start + CDATA_OPEN.length, section.end - CDATA_CLOSE.length);
      flat +=
        this.xml.slice(at, section.start) +
        text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      at = section.end;
      section = this.cdataSectionAt(at, end);
    }
    flat += this.xml.slice(at, end);
    return `${CDATA_OPEN}${flat.replace(/\]\]>/g, ']]]]><![CDATA[>')}${CDATA_CLOSE}`;
  }

  /** The first CDATA section opening in [from, end); `end` -1 when it does not close before `end`. */
  private cdataSectionAt(from: number, end: number): { start: number; end: number } | null {
    const start = this.cdataOpens.next(from);
    if (start < 0 || start + CDATA_OPEN.length > end) return null;
    const close = this.cdataEnds.endOfNext(start + CDATA_OPEN.length);
    return { start, end: close >= 0 && close <= end ? close : -1 };
  }

  /**
   * A text element inside another's CDATA is examined again from inside that section, so
   * crafted nesting could make the same sections be skipped once per element (quadratic). Real
   * feeds skip each section about once; past a generous multiple the feed is refused.
   */
  private countSkippedSection(): void {
    this.sectionsSkipped += 1;
    const limit = MAX_SECTION_SKIPS_PER_SECTION * this.cdataOpens.count + MIN_SECTION_SKIPS;
    if (this.sectionsSkipped > limit) {
      throw new FeedParseError(
        `refused: CDATA sections nested in text elements would be examined more than ${limit} times (crafted markup)`,
      );
    }
  }
}

const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
const MAX_SECTION_SKIPS_PER_SECTION = 4;
const MIN_SECTION_SKIPS = 10_000;

/**
 * The open and close tags of one element name, found in one pass, and for each tag the close
 * that balances it. `findClose` used to count nesting depth from each opening to the end of the
 * document: quadratic when many openings never close.
 */
class ElementTags {
  private readonly positions = new Int32List();
  /** For the tag at index i, the index of the tag where depth counted from it first reaches 0. */
  private readonly balancingClose: Int32Array;
  private nextQuery = 0;

  constructor(xml: string, name: string, tagEnds: Occurrences) {
    const deltas = this.collect(xml, name, tagEnds);
    this.balancingClose = balancingCloses(deltas);
  }

  closeOf(from: number): number {
    const first = this.firstTagAt(from);
    if (first < 0) return -1;
    const close = this.balancingClose[first];
    return close < 0 ? -1 : this.positions.at(close);
  }

  /**
   * Tags as `/<(\/?)name(?=[\s>/])[^>]*?(\/?)>/g` finds them (self-closing ones ignored): +1 for
   * an opening, -1 for a close. Scanning from the start finds the same tags after any inner start
   * as scanning from there: a tag that begins before an opening tag's '>' ends at that '>'.
   */
  private collect(xml: string, name: string, tagEnds: Occurrences): Int32List {
    const deltas = new Int32List();
    const starts = new RegExp(`<(/?)${name.replace(':', '\\:')}(?=[\\s>/])`, 'g');
    for (let m = starts.exec(xml); m; m = starts.exec(xml)) {
      const nameEnd = m.index + m[0].length;
      const gt = tagEnds.next(nameEnd);
      if (gt < 0) break;
      const selfClosing = gt - 1 >= nameEnd && xml[gt - 1] === '/';
      if (!selfClosing) {
        this.positions.push(m.index);
        deltas.push(m[1] ? -1 : 1);
      }
      starts.lastIndex = gt + 1;
    }
    return deltas;
  }

  /** Queries come in document order, so one forward cursor finds the first tag at `from`. */
  private firstTagAt(from: number): number {
    if (this.nextQuery > 0 && this.positions.at(this.nextQuery - 1) >= from) this.nextQuery = 0;
    while (this.nextQuery < this.positions.length && this.positions.at(this.nextQuery) < from)
      this.nextQuery += 1;
    return this.nextQuery < this.positions.length ? this.nextQuery : -1;
  }
}

/**
 * For each tag i, the first tag k >= i where depth counted from i (starting at 1) reaches 0, or -1:
 * the first k whose running sum of deltas drops one below the sum before i. One pass from the right
 * finds it for every i; the sums lie in [-n, n], so typed arrays index them (millions of unclosed
 * openings made a Map of sums the largest thing in memory).
 */
function balancingCloses(deltas: Int32List): Int32Array {
  const n = deltas.length;
  const before = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) before[i + 1] = before[i] + deltas.at(i);
  const firstWithSum = new Int32Array(2 * n + 3).fill(-1); // index: sum + n + 1
  const closes = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    firstWithSum[before[i + 1] + n + 1] = i;
    closes[i] = firstWithSum[before[i] - 1 + n + 1];
  }
  return closes;
}
