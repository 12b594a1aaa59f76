import type { Lens } from '../libs/lens/src/index.js';
import type { BenchDatabase } from './bench-database.js';
import { benchItemLatency, type LatencyPlan } from './item-latency.js';
import type { PollingSection } from './polling-report.js';
import { benchPolling, type PollingPlan } from './polling-throughput.js';

export type { PollingSection } from './polling-report.js';

/**
 * Quick: three counts 4× apart with one item a feed and one run, so the whole section (both rounds at
 * each count, then item latency) stays within about a minute on a 2-core machine. Full: the same steps
 * from 250 feeds, longer feeds and two runs.
 */
export const POLLING_PLANS: Record<'quick' | 'full', { polling: PollingPlan; latency: LatencyPlan }> = {
  quick: {
    polling: { feedCounts: [50, 200, 800], itemsPerFeed: { min: 1, max: 1 }, runs: 1, concurrency: 16 },
    latency: { feeds: 4, items: 15, intervalSec: 5, spreadSec: 15, seed: 20251128 },
  },
  full: {
    polling: {
      feedCounts: [250, 1000, 4000],
      // 10–20 rather than a real feed's 40–60: the first rounds store 79,000 articles a run as it is
      // (≈ 27,000 a minute here), so the two runs take about seven minutes.
      itemsPerFeed: { min: 10, max: 20 },
      runs: 2,
      concurrency: 16,
    },
    latency: { feeds: 4, items: 60, intervalSec: 30, spreadSec: 150, seed: 20251128 },
  },
};

export interface PollingSectionOptions {
  /** Emptied by each part; the caller drops it. */
  target: BenchDatabase;
  redisUrl: string;
  /** Where the latency worker finds (or else generates) the built-in models. */
  cacheDir: string;
  /** The lens the API lists by default (defaultLens of config/lenses.json): every new item is relevant to it. */
  lens: Lens;
  quick: boolean;
  progress: (line: string) => void;
  /** What ran, for the report; `npm run bench [-- --quick]` unless told. */
  command?: string;
  /** Changes to the chosen plan (the standalone runner's flags). */
  overrides?: { polling?: Partial<PollingPlan>; latency?: Partial<LatencyPlan> };
}

/**
 * Polling throughput at each feed count of the plan, with how the cost of a poll grows, then the time
 * from an item appearing in a feed to its scores in the API.
 */
export async function benchPollingSection(opts: PollingSectionOptions): Promise<PollingSection> {
  const plans = POLLING_PLANS[opts.quick ? 'quick' : 'full'];
  const polling = { ...plans.polling, ...opts.overrides?.polling };
  const latencyPlan = { ...plans.latency, ...opts.overrides?.latency };
  const startedAt = new Date();
  const throughput = await benchPolling({
    target: opts.target,
    redisUrl: opts.redisUrl,
    plan: polling,
    progress: opts.progress,
  });
  const pollingSec = (Date.now() - startedAt.getTime()) / 1000;
  const latency = await benchItemLatency({
    target: opts.target,
    redisUrl: opts.redisUrl,
    cacheDir: opts.cacheDir,
    lens: opts.lens,
    plan: latencyPlan,
    progress: opts.progress,
  });
  const durationSec = (Date.now() - startedAt.getTime()) / 1000;
  return {
    command: opts.command ?? `npm run bench${opts.quick ? ' -- --quick' : ''}`,
    startedAt: startedAt.toISOString(),
    durationSec,
    timings: { pollingSec, latencySec: durationSec - pollingSec },
    figures: throughput.figures,
    throughput: throughput.details,
    latency,
    warnings: throughput.warnings,
  };
}
