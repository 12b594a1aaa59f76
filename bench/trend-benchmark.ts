import {
  TrendQueryRepository,
  type TrendRequest,
  TrendRollupRepository,
  TrendService,
  chooseSource,
  type TrendParameters,
} from '../libs/trends/src/index.js';
import { loadArticles, prepareArchive, SCORED_SHARE, type ArchiveSpec } from './archive-load.js';
import { createBenchDatabase, type BenchDatabase } from './bench-database.js';
import { startApi, type ApiProcess } from './trend-api-process.js';
import { loadTest, type LoadResult } from './trend-load.js';
import {
  assertSameCounts,
  countsByOutlet,
  getBody,
  latency,
  BENCH_API_KEY,
  NO_CACHE,
  rawOutletTrend,
  sample,
  sampleEach,
  timeToLastByte,
  type Latency,
} from './trend-measure.js';

export interface TrendPlan {
  /** Classified (scored) articles at each growth step; the archive holds 1 / SCORED_SHARE times as many. */
  sizes: number[];
  /** Sequential requests per API figure (after warm-up). */
  requests: number;
  /** Runs of the slow and the contrast figures: the raw query, Moscow and Kolkata through the API, in-process. */
  rawRuns: number;
  loadConnections: number;
  loadSec: number;
}

export interface TrendSize {
  classified: number;
  articles: number;
  /** Seconds to add this step's articles and scores (set-based SQL, then VACUUM ANALYZE). */
  loadSec: number;
  /** Seconds of TrendRollupRepository.rebuild(null) over the whole archive. */
  rebuildSec: number;
  rollupRows: { hourly: number; daily: number; volumeHourly: number; volumeDaily: number };
  /**
   * Computed afresh on each request (Cache-Control: no-cache), except `outletCached`. `outlet` and
   * `day` are the default point form; `outletColumns` and `dayColumns` the column form
   * (shape=columns) the dashboard asks for, measured in the same rounds.
   */
  api: {
    day: Latency;
    dayColumns: Latency;
    outlet: Latency;
    outletColumns: Latency;
    outletCached: Latency;
    moscowOutlet: Latency;
    kolkataOutlet: Latency;
  };
  /** JSON bytes, and the gzip bytes that crossed the connection for the grouped trend, in each form. */
  responseBytes: {
    day: number;
    outlet: number;
    outletGzip: number;
    outletColumns: number;
    outletColumnsGzip: number;
  };
  /**
   * The grouped-by-outlet UTC trend in the bench process: its two SQL queries, the whole service
   * call, JSON.stringify; and the same for the column form (one row per series).
   */
  inProcess: {
    sql: Latency;
    service: Latency;
    stringify: Latency;
    columnsSql: Latency;
    columnsService: Latency;
    columnsStringify: Latency;
  };
  /** The same series straight from article_scores ⨝ articles ⨝ feeds, no rollups, no HTTP. */
  raw: Latency;
  /** raw ÷ API grouped by outlet, computed afresh, in the point form. */
  speedup: { p50: number; p95: number };
  /** raw ÷ API grouped by outlet, computed afresh, in the column form the dashboard uses. */
  speedupColumns: { p50: number; p95: number };
  /** raw ÷ API grouped by outlet, answered from the cache (data unchanged since it was computed). */
  speedupCached: { p50: number; p95: number };
}

export interface TrendDetails {
  seed: number;
  feeds: number;
  outlets: number;
  archive: { from: string; to: string };
  query: { from: string; to: string; interval: 'day' };
  sizes: TrendSize[];
  /** autocannon against the largest archive, from its own process: computed afresh, from the cache. */
  load: { trend: LoadResult; trendCached: LoadResult; health: LoadResult };
}

const SEED = 20_251_128;
const ARCHIVE_START = new Date('2024-01-01T00:00:00Z');
const ARCHIVE_DAYS = 731; // 2024 and 2025
const YEAR = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };
const MODEL = 'stancewatch-bench/synthetic-nli';

/**
 * Trend latency over a growing synthetic archive, through the real API in a process of its own,
 * against the same series computed from the raw rows; then throughput under concurrent load.
 */
export async function benchTrends(options: {
  pgServer: string;
  redisUrl: string;
  lens: string;
  plan: TrendPlan;
  progress: (line: string) => void;
}): Promise<TrendDetails> {
  const { plan, progress } = options;
  const target = await createBenchDatabase(options.pgServer);
  let api: ApiProcess | null = null;
  const cleanUp = async () => {
    await api?.stop();
    await target.drop();
  };
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const spec: ArchiveSpec = {
      seed: SEED,
      lens: options.lens,
      model: MODEL,
      start: ARCHIVE_START,
      days: ARCHIVE_DAYS,
    };
    let archive = await prepareArchive(target.db, spec);
    api = await startApi({
      DATABASE_URL: target.url,
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: `swbench-trend-${process.pid}`,
      MIGRATE_ON_START: 'true',
      SEED_FEEDS_ON_START: 'false',
      READS_OPEN: 'true',
      RATE_LIMIT_PER_MINUTE: '100000000',
      ADMIN_API_KEY: BENCH_API_KEY,
      NLI_MODEL: MODEL,
      MODELS_OFFLINE: 'true',
      LOG_LEVEL: 'warn',
    });
    const sizes: TrendSize[] = [];
    for (const classified of plan.sizes) {
      const total = Math.round(classified / SCORED_SHARE);
      progress(`trends: loading ${total.toLocaleString('en-US')} articles`);
      const loadStart = performance.now();
      archive = await loadArticles(target.db, archive, spec, archive.articles + 1, total);
      const loadSec = (performance.now() - loadStart) / 1000;
      progress(`trends: rebuilding the rollups over ${archive.scored.toLocaleString('en-US')} scores`);
      const rebuildStart = performance.now();
      const rollupRows = await new TrendRollupRepository(target.db).rebuild(null);
      const rebuildSec = (performance.now() - rebuildStart) / 1000;
      await target.db.query(`VACUUM (ANALYZE) trend_hourly, trend_daily, volume_hourly, volume_daily`);
      const measured = await measureSize(target, api, options.lens, plan, progress);
      sizes.push({
        classified: archive.scored,
        articles: archive.articles,
        loadSec,
        rebuildSec,
        rollupRows,
        ...measured,
      });
    }
    progress(
      `trends: ${plan.loadSec} s of load with ${plan.loadConnections} connections, /healthz then the trend`,
    );
    const loadOptions = { connections: plan.loadConnections, durationSec: plan.loadSec };
    // /healthz first: requests of a slow route still running after its load ends would slow it.
    const health = await loadTest(api.base, '/healthz', loadOptions);
    const trend = await loadTest(api.base, `${trendPath()}&groupBy=outlet`, {
      ...loadOptions,
      headers: NO_CACHE,
    });
    const trendCached = await loadTest(api.base, `${trendPath()}&groupBy=outlet`, loadOptions);
    return {
      seed: SEED,
      feeds: archive.feeds.length,
      outlets: new Set(archive.feeds.map((feed) => feed.outlet)).size,
      archive: {
        from: ARCHIVE_START.toISOString(),
        to: new Date(ARCHIVE_START.getTime() + ARCHIVE_DAYS * 86_400_000).toISOString(),
      },
      query: { from: YEAR.from.toISOString(), to: YEAR.to.toISOString(), interval: 'day' },
      sizes,
      load: { trend, trendCached, health },
    };
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await cleanUp();
  }
}

const trendPath = (extra = '') =>
  `/api/v1/trends?from=${YEAR.from.toISOString()}&to=${YEAR.to.toISOString()}&interval=day${extra}`;

async function measureSize(
  target: BenchDatabase,
  api: ApiProcess,
  lens: string,
  plan: TrendPlan,
  progress: (line: string) => void,
): Promise<Omit<TrendSize, 'classified' | 'articles' | 'loadSec' | 'rebuildSec' | 'rollupRows'>> {
  const http = (extra: string, runs: number, headers: Record<string, string> = NO_CACHE) =>
    sample(runs, 2, () => timeToLastByte(`${api.base}${trendPath(extra)}`, headers));
  progress('trends: API latency, daily one-year trend, in points and in columns');
  const fresh = (extra: string) => () => timeToLastByte(`${api.base}${trendPath(extra)}`, NO_CACHE);
  const [dayMs, dayColumnsMs] = await sampleEach(plan.requests, 2, [fresh(''), fresh('&shape=columns')]);
  const [outletMs, outletColumnsMs] = await sampleEach(plan.requests, 2, [
    fresh('&groupBy=outlet'),
    fresh('&groupBy=outlet&shape=columns'),
  ]);
  const [outletGzip, outletColumnsGzip] = await Promise.all([
    fresh('&groupBy=outlet')(),
    fresh('&groupBy=outlet&shape=columns')(),
  ]);
  const outletCached = await http('&groupBy=outlet', plan.requests, {});
  const moscow = await http('&groupBy=outlet&tz=Europe/Moscow', plan.rawRuns);
  progress('trends: API latency where the rollups cannot serve (Asia/Kolkata), and the raw query');
  const kolkata = await http('&groupBy=outlet&tz=Asia/Kolkata', plan.rawRuns);
  const raw = await sample(plan.rawRuns, 1, () => rawOutletTrend(target.db, { lens, model: MODEL, ...YEAR }));
  const [dayBody, outletBody, outletColumnsBody] = await Promise.all(
    ['', '&groupBy=outlet', '&groupBy=outlet&shape=columns'].map((extra) =>
      getBody(`${api.base}${trendPath(extra)}`),
    ),
  );
  assertSameCounts(countsByOutlet(outletBody.body.toString()), raw.last);
  assertSameCounts(countsByOutlet(outletColumnsBody.body.toString()), raw.last);

  progress('trends: where the grouped request spends its time, in-process');
  const repository = new TrendQueryRepository(target.db);
  const service = new TrendService(repository);
  const parameters: TrendParameters = {
    lens,
    model: MODEL,
    ...YEAR,
    interval: 'day',
    tz: 'UTC',
    groupBy: 'outlet',
    filters: { feed: [], outlet: [], country: [], language: [], kind: [] },
    k: 3,
    baseline: 7,
  };
  const request: TrendRequest = { ...parameters, source: chooseSource('day', 'UTC', YEAR.from, YEAR.to) };
  const sql = await sample(plan.rawRuns, 2, () =>
    Promise.all([repository.buckets(request), repository.rows(request)]),
  );
  const whole = await sample(plan.rawRuns, 2, () => service.trend(parameters));
  const stringify = await sample(plan.rawRuns, 2, async () => JSON.stringify(whole.last));
  const columnsSql = await sample(plan.rawRuns, 2, () =>
    Promise.all([repository.buckets(request), repository.seriesColumns(request)]),
  );
  const columns = await sample(plan.rawRuns, 2, () => service.trendColumns(parameters));
  const columnsStringify = await sample(plan.rawRuns, 2, async () => JSON.stringify(columns.last));

  const apiOutlet = latency(outletMs);
  const apiOutletColumns = latency(outletColumnsMs);
  const rawLatency = latency(raw.ms);
  return {
    api: {
      day: latency(dayMs),
      dayColumns: latency(dayColumnsMs),
      outlet: apiOutlet,
      outletColumns: apiOutletColumns,
      outletCached: latency(outletCached.ms),
      moscowOutlet: latency(moscow.ms),
      kolkataOutlet: latency(kolkata.ms),
    },
    responseBytes: {
      day: dayBody.bytes,
      outlet: outletBody.bytes,
      outletGzip,
      outletColumns: outletColumnsBody.bytes,
      outletColumnsGzip,
    },
    inProcess: {
      sql: latency(sql.ms),
      service: latency(whole.ms),
      stringify: latency(stringify.ms),
      columnsSql: latency(columnsSql.ms),
      columnsService: latency(columns.ms),
      columnsStringify: latency(columnsStringify.ms),
    },
    raw: rawLatency,
    speedup: { p50: rawLatency.p50 / apiOutlet.p50, p95: rawLatency.p95 / apiOutlet.p95 },
    speedupColumns: {
      p50: rawLatency.p50 / apiOutletColumns.p50,
      p95: rawLatency.p95 / apiOutletColumns.p95,
    },
    speedupCached: {
      p50: rawLatency.p50 / latency(outletCached.ms).p50,
      p95: rawLatency.p95 / latency(outletCached.ms).p95,
    },
  };
}
