import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Below this a body is sent as is: compressing it would save less than the headers it adds. */
const MIN_COMPRESSED_BYTES = 1024;

export type ContentCoding = 'br' | 'gzip' | 'identity';
export const CONTENT_CODINGS: ContentCoding[] = ['br', 'gzip', 'identity'];

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

// Fast settings: a trend is big, repetitive JSON that compresses ~6× even at these levels, and
// compression runs on libuv's thread pool, off the event loop.
const COMPRESS: Record<Exclude<ContentCoding, 'identity'>, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }),
  gzip: (body) => gzipAsync(body, { level: 3 }),
};

/** A trend rendered once (JSON or CSV), with its compressed forms made on first demand. */
export class RenderedTrend {
  private readonly encoded = new Map<ContentCoding, Promise<Buffer>>();
  private compressedBytes = 0;

  constructor(
    readonly type: string,
    readonly body: Buffer,
  ) {}

  get bytes(): number {
    return this.body.length + this.compressedBytes;
  }

  /** The body in `coding`, or as is when it is too small to be worth compressing. */
  async as(coding: ContentCoding): Promise<{ coding: ContentCoding; body: Buffer }> {
    if (coding === 'identity' || this.body.length < MIN_COMPRESSED_BYTES)
      return { coding: 'identity', body: this.body };
    let encoded = this.encoded.get(coding);
    if (!encoded) {
      encoded = COMPRESS[coding](this.body);
      this.encoded.set(coding, encoded);
      void encoded
        .then((bytes) => (this.compressedBytes += bytes.length))
        .catch(() => this.encoded.delete(coding));
    }
    return { coding, body: await encoded };
  }
}

/** A weak validator for one request's trend at one data version (the bytes differ by coding). */
export function trendEtag(key: string, version: string): string {
  return `W/"${version}-${createHash('sha256').update(key).digest('base64url').slice(0, 22)}"`;
}

/** What the cache did with a request, as the `Cache-Status` response header (RFC 9211) says it. */
export type CacheOutcome = 'hit' | 'stored' | 'too-large' | 'fresh';

const CACHE_STATUS: Record<CacheOutcome, string> = {
  hit: 'stancewatch; hit',
  stored: 'stancewatch; fwd=miss; stored',
  'too-large': 'stancewatch; fwd=miss; stored=?0; detail=too-large',
  fresh: 'stancewatch; fwd=request; stored',
};

export function cacheStatus(outcome: CacheOutcome): string {
  return CACHE_STATUS[outcome];
}

/**
 * Rendered trends by normalised request, each with the data version it was computed at: an entry
 * serves only requests that read the same version. The oldest go first when the bytes kept would
 * pass the budget. A body over half the budget is not kept at all: filing it would push out at
 * least half of what everyone else's requests are served from (and one over the whole budget, all
 * of it and then itself), so such a request is computed each time instead.
 */
export class TrendResponseCache {
  private readonly entries = new Map<string, { version: string; trend: RenderedTrend }>();
  readonly maxEntryBytes: number;

  constructor(private readonly maxBytes: number) {
    this.maxEntryBytes = Math.floor(maxBytes / 2);
  }

  get(key: string, version: string): RenderedTrend | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version === version) return entry.trend;
    this.entries.delete(key);
    return undefined;
  }

  /** Files the trend unless it is too large to; says which. */
  set(key: string, version: string, trend: RenderedTrend): boolean {
    this.entries.delete(key);
    if (trend.bytes > this.maxEntryBytes) return false;
    this.entries.set(key, { version, trend });
    this.evict();
    return true;
  }

  private evict(): void {
    let bytes = 0;
    for (const { trend } of this.entries.values()) bytes += trend.bytes;
    // Map iteration is insertion order: the oldest entries come first. Compressed forms are made
    // after an entry is filed, so the bytes kept are counted again here rather than kept as a sum.
    for (const [key, { trend }] of this.entries) {
      if (bytes <= this.maxBytes) break;
      this.entries.delete(key);
      bytes -= trend.bytes;
    }
  }
}
