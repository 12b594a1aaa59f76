import type { LatencyDetails, Percentiles } from './item-latency.js';
import type { PollingDetails } from './polling-throughput.js';
import type { Figure, Spread } from './stats.js';

/** What `polling-main` measures, as it goes into bench/results/latest.json under `polling`. */
export interface PollingSection {
  command: string;
  startedAt: string;
  durationSec: number;
  figures: Figure[];
  throughput: PollingDetails;
  latency: LatencyDetails;
  warnings: string[];
}

export const POLLING_HEADING = '## Feed polling and item-to-API latency';

const number = (value: number) =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(value >= 1 ? 3 : 2);
const range = (spread: Spread) => `${number(spread.min)}–${number(spread.max)}`;
const seconds = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '—');
const pair = (p: Percentiles) => `${seconds(p.p50)} / ${seconds(p.p95)}`;

/** The section's Markdown: the polling table in the report's format, then the latency table. */
export function pollingLines(section: PollingSection): string[] {
  const t = section.throughput;
  const l = section.latency;
  const rows = section.figures.map(
    (f) =>
      `| ${f.label} | ${number(f.value.median)} ${f.unit} | ${range(f.value)} | ${number(f.baseline.value.median)} (${f.baseline.label}) | ${number(f.ratio.median)}× (${range(f.ratio)}) |`,
  );
  const met = l.visible === l.items && l.latencySec.p95 < l.targetSec;
  const lines = [
    POLLING_HEADING,
    '',
    `Polling: ${t.feeds.toLocaleString('en-US')} generated feeds (${t.items.toLocaleString('en-US')} items, seeded) on one local HTTP server ` +
      `with ETag and Last-Modified, polled by one worker process (\`WORKER_QUEUES=feed-poll\`, \`FEED_POLL_CONCURRENCY=${t.concurrency}\`); ` +
      `each round queues one manual poll per feed at once; ${t.runs} runs, each from empty tables. All feeds share one host, ` +
      `so \`FEED_MAX_PER_HOST\` is lifted to ${t.maxPerHost.toLocaleString('en-US')}: with the default of 2 the figure would be the host limit's, not the worker's. ` +
      "Polls per minute are the round's polls over the span of its `feed_polls` rows (first `started_at` to last `started_at + duration_ms`); " +
      'the baseline fetches the same URLs from the bench process in the same run, as many at once (median of 3 passes a run, after a warm-up pass).',
    '',
    '| Figure | Median | Spread (min–max over runs) | Baseline, same runs (median) | Ratio to baseline (median, min–max) |',
    '| --- | ---: | ---: | --- | ---: |',
    ...rows,
    '',
    `First round: ${number(t.missArticlesPerMinute.median)} new articles stored per minute (${range(t.missArticlesPerMinute)}), ` +
      `a poll takes ${ms(t.missPollMs)} ms on average; the 304 round: ${ms(t.hitPollMs)} ms per poll. ` +
      `Seen from the bench process (queueing to the last row): ${seconds(t.missWallSec.median)} s and ${seconds(t.hitWallSec.median)} s per round (medians).`,
    '',
    `Item in a feed → scores in the API: one worker (\`feed-poll,classify\`, built-in models generated at its start into an empty cache, batch 32) ` +
      `and the API in processes of their own; ${l.feeds} feeds polled every ${l.intervalSec} s ` +
      `(\`FEED_MIN_INTERVAL_SEC\` = \`FEED_DEFAULT_INTERVAL_SEC\` = \`FEED_MAX_INTERVAL_SEC\`); ${l.items} relevant items added at seeded random times over ${l.spreadSec} s, ` +
      `while the bench lists \`GET /api/v1/articles?relevant=true\` (\`Cache-Control: no-cache\`) every ${l.watchPeriodMs} ms until each shows its score.`,
    '',
    '| Items visible | Poll interval | Latency p50 | Latency p95 | Spread (min–max over items) | Target for p95 (interval + 10 s) | p95 ÷ target |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${l.visible} of ${l.items} | ${l.intervalSec} s | ${seconds(l.latencySec.median)} s | **${seconds(l.latencySec.p95)} s** | ` +
      `${seconds(l.latencySec.min)}–${seconds(l.latencySec.max)} s | ${l.targetSec} s | ${number(l.latencySec.p95 / l.targetSec)}× |`,
    '',
    `Where the time goes (p50 / p95, s): waiting for the next poll ${pair(l.waitForPollSec)}; that poll's start to the scores committed ` +
      `${pair(l.pollToScoredSec)}; committed to listed by the API ${pair(l.scoredToVisibleSec)} (up to one ${l.watchPeriodMs} ms watch period of it is the bench's). ` +
      `Worker memory at the end: ${Math.round(l.workerRssMiB)} MiB. Target (p95 under the poll interval plus 10 s): **${met ? 'met' : 'missed'}**.`,
  ];
  if (section.warnings.length > 0) lines.push('', '**Warnings:**', ...section.warnings.map((w) => `- ${w}`));
  return lines;
}

const ms = (spread: Spread) => Math.round(spread.median).toString();
