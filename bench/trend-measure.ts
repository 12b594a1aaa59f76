import { get } from 'node:http';
import type { Database } from '../libs/db/src/index.js';
import { quantile } from './stats.js';

/** Latency over sequential requests or runs, in milliseconds. */
export interface Latency {
  p50: number;
  p95: number;
  min: number;
  max: number;
  runs: number;
}

export function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    runs: sorted.length,
  };
}

/** Milliseconds of each of `runs` sequential calls of `work`, after `warmUp` unmeasured ones. */
export async function sample<T>(
  runs: number,
  warmUp: number,
  work: () => Promise<T>,
): Promise<{ ms: number[]; last: T }> {
  let last = await work();
  for (let i = 1; i < warmUp; i += 1) last = await work();
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    last = await work();
    ms.push(performance.now() - start);
  }
  return { ms, last };
}

/**
 * Milliseconds of `runs` rounds of `works`, each round calling every one once in turn (after `warmUp`
 * unmeasured rounds): forms compared in the same run share the machine's moments, busy or quiet.
 */
export async function sampleEach(
  runs: number,
  warmUp: number,
  works: (() => Promise<unknown>)[],
): Promise<number[][]> {
  const ms = works.map(() => [] as number[]);
  for (let round = -warmUp; round < runs; round += 1) {
    for (const [index, work] of works.entries()) {
      const start = performance.now();
      await work();
      if (round >= 0) ms[index].push(performance.now() - start);
    }
  }
  return ms;
}

/**
 * GETs `url` and reads the whole body (time to last byte; the caller decodes and parses it outside
 * the timing); throws on anything but 200, so a figure never times an error. fetch asks for gzip
 * and inflates it as it arrives: `bytes` is the JSON's size, `wireBytes` what crossed the connection.
 */
export async function getBody(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ bytes: number; wireBytes: number; body: Buffer }> {
  const response = await fetch(url, { headers: { accept: 'application/json', ...headers } });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200)
    throw new Error(`GET ${url}: ${response.status} ${body.toString().slice(0, 300)}`);
  return {
    bytes: body.length,
    wireBytes: Number(response.headers.get('content-length') ?? body.length),
    body,
  };
}

/**
 * GETs `url` asking for gzip and reads the compressed body to its last byte without inflating it, as
 * load testers measure a server: inflating 4 MiB of JSON is the client's own work, after the response.
 * Throws on anything but 200, so a figure never times an error.
 */
export function timeToLastByte(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(
      url,
      { headers: { accept: 'application/json', 'accept-encoding': 'gzip', ...headers } },
      (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('error', reject);
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(bytes)
            : reject(new Error(`GET ${url}: ${response.statusCode ?? 'no status'}`)),
        );
      },
    );
    request.on('error', reject);
  });
}

/** The benchmark's key: `no-cache` is honoured, and computations are not limited, only for callers with one. */
export const BENCH_API_KEY = 'bench-trend-key-0123456789abcdef';

/** Makes the API compute the trend again instead of serving it from its few-seconds cache. */
export const NO_CACHE = { 'cache-control': 'no-cache', authorization: `Bearer ${BENCH_API_KEY}` };

export interface RawOutletDay {
  day: Date;
  outlet: string;
  n: number;
}

/**
 * The daily trend grouped by outlet straight from the rows, without rollups: the same sums as the
 * rollups hold (scores from article_scores, volume from articles), the two queries in parallel as
 * the API runs them.
 */
export async function rawOutletTrend(
  db: Database,
  query: { lens: string; model: string; from: Date; to: Date },
): Promise<RawOutletDay[]> {
  const [scores] = await Promise.all([
    db.query<RawOutletDay>(
      `SELECT date_trunc('day', a.published_at, 'UTC') AS day, f.outlet, count(*)::int AS n,
         sum(s.stance_score::float8) AS sum_stance, sum(s.stance_score::float8 ^ 2) AS sum_stance2,
         count(*) FILTER (WHERE s.stance_label = 'supportive')::int AS n_supportive,
         count(*) FILTER (WHERE s.stance_label = 'neutral')::int AS n_neutral,
         count(*) FILTER (WHERE s.stance_label = 'critical')::int AS n_critical,
         sum(s.sentiment_score::float8) AS sum_sentiment, sum(s.framing_score::float8) AS sum_framing
       FROM article_scores s JOIN articles a ON a.id = s.article_id JOIN feeds f ON f.id = a.feed_id
       WHERE s.lens = $1 AND s.model = $2 AND a.published_at >= $3 AND a.published_at < $4
       GROUP BY 1, 2`,
      [query.lens, query.model, query.from, query.to],
    ),
    db.query(
      `SELECT date_trunc('day', a.published_at, 'UTC') AS day, f.outlet, count(*)::int AS n_all
       FROM articles a JOIN feeds f ON f.id = a.feed_id
       WHERE a.published_at >= $1 AND a.published_at < $2
       GROUP BY 1, 2`,
      [query.from, query.to],
    ),
  ]);
  return scores;
}

/** Scored articles per outlet in a grouped trend response, in either form ({series: [{key, points: [{n}]}]} or {series: [{key, columns: {n}}]}). */
export function countsByOutlet(json: string): Map<string, number> {
  const { series } = JSON.parse(json) as {
    series?: { key: string; points?: { n: number }[]; columns?: { n: number[] } }[];
  };
  if (!series) throw new Error('expected a grouped trend response with series');
  const total = (ns: number[]) => ns.reduce((sum, n) => sum + n, 0);
  return new Map(series.map((s) => [s.key, total(s.columns?.n ?? (s.points ?? []).map((point) => point.n))]));
}

/** Throws unless the API's per-outlet counts are the ones the raw rows give. */
export function assertSameCounts(api: Map<string, number>, raw: RawOutletDay[]): void {
  const expected = new Map<string, number>();
  for (const row of raw) expected.set(row.outlet, (expected.get(row.outlet) ?? 0) + row.n);
  const differences = [...new Set([...api.keys(), ...expected.keys()])].filter(
    (outlet) => (api.get(outlet) ?? 0) !== (expected.get(outlet) ?? 0),
  );
  if (differences.length > 0) {
    const detail = differences.map((o) => `${o}: API ${api.get(o) ?? 0}, raw ${expected.get(o) ?? 0}`);
    throw new Error(`the trend API and the raw rows disagree: ${detail.join('; ')}`);
  }
}
