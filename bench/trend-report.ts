import type { TrendDetails, TrendSize } from './trend-benchmark.js';
import type { Latency } from './trend-measure.js';

const TARGET_P95_MS = 50;
const TARGET_SPEEDUP = 20;

const ms = (value: number) => (value >= 10 ? Math.round(value).toString() : value.toFixed(1));
const count = (value: number) => Math.round(value).toLocaleString('en-US');
const pair = (l: Latency) => `${ms(l.p50)} / ${ms(l.p95)}`;
const times = (value: number) => `${value >= 10 ? Math.round(value) : value.toFixed(1)}×`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The trend section of the Markdown report: latency by archive size, where it goes, throughput. */
export function trendLines(trends: TrendDetails): string[] {
  const largest = trends.sizes.at(-1)!;
  const rows = trends.sizes.map(
    (s) =>
      `| ${count(s.classified)} (${count(s.articles)}) | ${s.loadSec.toFixed(1)} | ${s.rebuildSec.toFixed(1)} | ` +
      `${pair(s.api.day)} | ${pair(s.api.dayColumns)} | ${pair(s.api.outlet)} | **${pair(s.api.outletColumns)}** | ${pair(s.api.outletCached)} | ` +
      `${pair(s.api.moscowOutlet)} | ${pair(s.api.kolkataOutlet)} | ${pair(s.raw)} | ${times(s.speedup.p50)} / ${times(s.speedup.p95)} | ` +
      `**${times(s.speedupColumns.p50)} / ${times(s.speedupColumns.p95)}** |`,
  );
  const { trend, trendCached, health } = trends.load;
  return [
    `## Trends: the daily one-year trend (${trends.query.from.slice(0, 10)} to ${trends.query.to.slice(0, 10)})`,
    '',
    `Synthetic archive (seed ${trends.seed}): ${trends.feeds} feeds of ${trends.outlets} outlets, articles spread over ` +
      `${trends.archive.from.slice(0, 10)} to ${trends.archive.to.slice(0, 10)}, 80% of them relevant and scored for one lens ` +
      'and model, loaded with set-based SQL. Latencies are p50 / p95 in ms of sequential requests to the API in a process ' +
      'of its own (time to the last byte of the gzipped body, not inflated: what the server and the connection take), after warm-up, ' +
      'each computed afresh (`Cache-Control: no-cache`) except the "cached" column: the same request while the data has not changed, ' +
      'answered from the cache filed under the trend data version; the raw query runs in the bench process, without HTTP. ' +
      '"points" is the default form (an object per bucket), "columns" the form the dashboard asks for (`shape=columns`: the ' +
      'same figures as an array per figure and series), measured in alternate requests of the same rounds.',
    '',
    '| Scored articles (all articles) | Load (s) | Rollups rebuild (s) | API, ungrouped, points | API, ungrouped, columns | API, by outlet, points | API, by outlet, columns (dashboard) | API, by outlet, points, cached (data unchanged) | API, by outlet, points, Europe/Moscow | API, by outlet, points, Asia/Kolkata (raw fallback) | Raw SQL by outlet, no rollups | Raw ÷ API by outlet, points (p50 / p95) | Raw ÷ API by outlet, columns (p50 / p95) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    targetLine(largest),
    cachedTargetLine(largest),
    '',
    whereTimeGoes(largest),
    ...growthLines(trends.sizes),
    '',
    `Under concurrent load (autocannon in its own process, ${trend.connections} connections, ${Math.round(trend.durationSec)} s each, ` +
      `archive of ${count(largest.classified)} scores):`,
    '',
    '| Route | Requests/s | Latency p50 / p99 (ms) | Requests | Non-2xx, errors, timeouts |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| daily one-year trend by outlet, computed afresh | ${trend.requestsPerSecond.toFixed(1)} | ${ms(trend.latencyP50Ms)} / ${ms(trend.latencyP99Ms)} | ${count(trend.requests)} | ${trend.failures} |`,
    `| daily one-year trend by outlet, cached (no gzip asked) | ${trendCached.requestsPerSecond.toFixed(1)} | ${ms(trendCached.latencyP50Ms)} / ${ms(trendCached.latencyP99Ms)} | ${count(trendCached.requests)} | ${trendCached.failures} |`,
    `| /healthz (framework baseline) | ${count(health.requestsPerSecond)} | ${ms(health.latencyP50Ms)} / ${ms(health.latencyP99Ms)} | ${count(health.requests)} | ${health.failures} |`,
    '',
    `Computed afresh, the trend route serves ${(100 * (trend.requestsPerSecond / health.requestsPerSecond)).toPrecision(2)}% of the requests ` +
      '/healthz does: the rest of each trend request is its own work (queries, assembling the points, serialising them), ' +
      'not NestJS and Express, which /healthz alone measures (it skips the rate limiter, so it saves one Redis round trip too).',
  ];
}

/** The targets, in the form the dashboard uses (columns); the point form beside them. */
function targetLine(s: TrendSize): string {
  const p95 = s.api.outletColumns.p95;
  const metLatency = p95 < TARGET_P95_MS ? 'met' : 'missed';
  const metSpeedup = s.speedupColumns.p95 >= TARGET_SPEEDUP ? 'met' : 'missed';
  return (
    `Targets at ${count(s.classified)} scores, in the column form the dashboard uses: p95 of the trend by outlet under ${TARGET_P95_MS} ms: **${metLatency}** ` +
    `(${ms(p95)} ms); at least ${TARGET_SPEEDUP}× faster than the raw query: **${metSpeedup}** (${times(s.speedupColumns.p95)} at p95, ${times(s.speedupColumns.p50)} at p50). ` +
    `In the default point form: p95 ${ms(s.api.outlet.p95)} ms, ${times(s.speedup.p95)} at p95.`
  );
}

function cachedTargetLine(s: TrendSize): string {
  const p95 = s.api.outletCached.p95;
  return (
    `The same request while the data is unchanged (from the cache under the data version, never stale): p95 ${ms(p95)} ms, ` +
    `**${p95 < TARGET_P95_MS ? 'under' : 'over'}** ${TARGET_P95_MS} ms; ${times(s.speedupCached.p95)} faster than the raw query at p95.`
  );
}

function whereTimeGoes(s: TrendSize): string {
  const { sql, service, stringify, columnsSql, columnsService, columnsStringify } = s.inProcess;
  const http = s.api.outlet.p50;
  const columnsHttp = s.api.outletColumns.p50;
  const rest = (total: number, parts: number) => ms(Math.max(0, total - parts));
  return (
    `Where the grouped request's time goes (p50 at ${count(s.classified)} scores). Points: the two rollup queries ${ms(sql.p50)} ms ` +
    `(run from the bench process, node-pg parsing the rows included); the whole TrendService call ${ms(service.p50)} ms, so building ` +
    `the points (intervals, shares, anomaly flags) takes ≈ ${rest(service.p50, sql.p50)} ms; JSON.stringify of the result ` +
    `${ms(stringify.p50)} ms for ${mib(s.responseBytes.outlet)} (${mib(s.responseBytes.outletGzip)} gzipped on the wire; ungrouped: ` +
    `${mib(s.responseBytes.day)}); through HTTP ${ms(http)} ms, so ≈ ${rest(http, service.p50 + stringify.p50)} ms is ` +
    `compressing, Nest/Express, the rate limiter's Redis round trip and moving the body. Columns: the queries (one row per series) ` +
    `${ms(columnsSql.p50)} ms; the whole call ${ms(columnsService.p50)} ms, so building the columns ≈ ${rest(columnsService.p50, columnsSql.p50)} ms; ` +
    `JSON.stringify ${ms(columnsStringify.p50)} ms for ${mib(s.responseBytes.outletColumns)} (${mib(s.responseBytes.outletColumnsGzip)} gzipped); ` +
    `through HTTP ${ms(columnsHttp)} ms, so ≈ ${rest(columnsHttp, columnsService.p50 + columnsStringify.p50)} ms around them.`
  );
}

function growthLines(sizes: TrendSize[]): string[] {
  if (sizes.length < 2) return [];
  const [first, last] = [sizes[0], sizes.at(-1)!];
  const grow = (pick: (s: TrendSize) => number) => times(pick(last) / pick(first));
  return [
    '',
    `Growth from ${count(first.classified)} to ${count(last.classified)} scores (${times(last.classified / first.classified)}): ` +
      `API by outlet p50 ${grow((s) => s.api.outletColumns.p50)} in columns, ${grow((s) => s.api.outlet.p50)} in points, ungrouped ${grow((s) => s.api.day.p50)}, ` +
      `raw query ${grow((s) => s.raw.p50)}, raw fallback through the API ${grow((s) => s.api.kolkataOutlet.p50)}, ` +
      `rollups rebuild ${grow((s) => s.rebuildSec)}.`,
  ];
}
