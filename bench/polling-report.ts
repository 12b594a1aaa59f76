import type { LatencyDetails, Percentiles } from './item-latency.js';
import type { PollingDetails } from './polling-throughput.js';
import type { Figure, Spread } from './stats.js';
import { figureTable, number, range } from './figure-table.js';

/** What `polling-main` measures, as it goes into bench/results/latest.json under `polling`. */
export interface PollingSection {
  command: string;
  startedAt: string;
  durationSec: number;
  /** Seconds of each part: polling at every count, then item latency. */
  timings: { pollingSec: number; latencySec: number };
  figures: Figure[];
  throughput: PollingDetails;
  latency: LatencyDetails;
  warnings: string[];
}

export const POLLING_HEADING = '## Feed polling and item-to-API latency';

const seconds = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '—');
const pair = (p: Percentiles) => `${seconds(p.p50)} / ${seconds(p.p95)}`;

/** The section's Markdown: the polling table in the report's format, the growth table, then the latency table. */
export function pollingLines(section: PollingSection): string[] {
  const t = section.throughput;
  const l = section.latency;
  const met = l.visible === l.items && l.latencySec.p95 < l.targetSec;
  const counts = t.feedCounts.map((n) => n.toLocaleString('en-US')).join(', ');
  const perFeed =
    t.itemsPerFeed.min === t.itemsPerFeed.max
      ? `${t.itemsPerFeed.min} items`
      : `${t.itemsPerFeed.min}–${t.itemsPerFeed.max} items`;
  const lines = [
    POLLING_HEADING,
    '',
    `Polling: ${counts} generated feeds (${perFeed} a feed, seeded; each smaller set is the start of the larger) on one local HTTP server ` +
      `with ETag and Last-Modified, polled by one worker process (\`WORKER_QUEUES=feed-poll\`, \`FEED_POLL_CONCURRENCY=${t.concurrency}\`); ` +
      `each round queues one manual poll per feed at once; ${t.runs} run${t.runs === 1 ? '' : 's'}, each count from empty tables in every run ` +
      '(smallest count first in one run, largest first in the next). All feeds share one host, ' +
      `so \`FEED_MAX_PER_HOST\` is lifted to ${t.maxPerHost.toLocaleString('en-US')}: with the default of 2 the figure would be the host limit's, not the worker's. ` +
      "Polls per minute are the round's polls over the span of its `feed_polls` rows (first `started_at` to last `started_at + duration_ms`); " +
      'the baseline fetches the same URLs from the bench process in the same run, as many at once (median of 3 passes a run, after a warm-up pass).',
    '',
    ...figureTable(section.figures),
    '',
    ...growthLines(t),
    '',
    `Item in a feed → scores in the API: one worker (\`feed-poll,classify\`, built-in models, batch 32) ` +
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
    '',
    `Time taken: polling ${Math.round(section.timings.pollingSec)} s, item latency ${Math.round(section.timings.latencySec)} s.`,
  ];
  if (section.warnings.length > 0) lines.push('', '**Warnings:**', ...section.warnings.map((w) => `- ${w}`));
  return lines;
}

/**
 * How the cost of a poll grows with the number of feeds: per count, both rates and the mean poll, and
 * the worker's time per poll over the first count's (run by run), new / 304.
 */
function growthLines(t: PollingDetails): string[] {
  const first = t.counts[0];
  const step = (n: number) => `${number(n / first.feeds)}×`;
  const ratio = (spread: Spread) =>
    spread.min === spread.max ? number(spread.median) : `${number(spread.median)} (${range(spread)})`;
  const rows = t.counts.map(
    (c) =>
      `| ${c.feeds.toLocaleString('en-US')} (${step(c.feeds)}) | ${median(c.missPollsPerMinute)} | ${median(c.hitPollsPerMinute)} | ` +
      `${ms(c.missPollMs)} | ${ms(c.hitPollMs)} | ${ratio(c.missCostRatio)} / ${ratio(c.hitCostRatio)} |`,
  );
  const last = t.counts.at(-1)!;
  // Below 1 without any work per feed: the round's start and tail weigh less over more requests, worker rounds alike.
  const amortised =
    last.plainCostRatio.median < 1 && last.conditionalCostRatio.median < 1
      ? ", below 1 as a round's fixed start and tail weigh less over more requests (the worker's rounds have them too)"
      : '';
  return [
    `Growth with the number of feeds: the cost of a poll is the worker's time per poll (the round's span ÷ its polls, ` +
      `the inverse of polls/min), over that at ${first.feeds.toLocaleString('en-US')} feeds in the same run (median, min–max over runs); ` +
      '≈ 1 is flat, ≈ the step (4×, 16×) would be cost growing with the number of feeds. "ms per poll" is the mean `duration_ms` of one poll ' +
      `(${t.concurrency} run at once).`,
    '',
    '| Feeds (step) | Polls/min, new (median, min–max) | Polls/min, 304 (median, min–max) | ms per poll, new | ms per poll, 304 | × cost per poll vs 1×, new / 304 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `The plain fetch loop over the same URLs, same runs: × cost per GET at ${last.feeds.toLocaleString('en-US')} feeds ` +
      `${ratio(last.plainCostRatio)} (GET and read) / ${ratio(last.conditionalCostRatio)} (304)${amortised}. ` +
      `First round at ${last.feeds.toLocaleString('en-US')} feeds: ${number(last.missArticlesPerMinute.median)} new articles stored per minute ` +
      `(${range(last.missArticlesPerMinute)}); seen from the bench process (queueing to the last row) ${seconds(last.missWallSec.median)} s ` +
      `and ${seconds(last.hitWallSec.median)} s per round (medians).`,
  ];
}

const median = (spread: Spread) => `${number(spread.median)} (${range(spread)})`;
const ms = (spread: Spread) =>
  spread.median >= 10 ? Math.round(spread.median).toString() : spread.median.toFixed(1);
