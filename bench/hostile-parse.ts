import { HOSTILE_FEEDS, wellFormedFeed, type HostileFeed } from '../libs/feedgen/src/index.js';
import { FeedParseError, parseFeedBytes } from '../libs/feeds/src/index.js';
import { fittedExponent, GROWTH_FACTORS } from './growth.js';
import { summarize, type Spread } from './stats.js';

const KiB = 1024;

export interface HostilePlan {
  /** The 1× size in bytes; the documents are 1×, 4× and 16× of it. */
  baseBytes: number;
  /** Timed samples of each document (after one untimed warm-up); a sample of a fast parse averages several. */
  runs: number;
}

export const HOSTILE_PLANS: Record<'quick' | 'full', HostilePlan> = {
  quick: { baseBytes: 64 * KiB, runs: 3 },
  full: { baseBytes: 256 * KiB, runs: 5 },
};

/** A parse slower than this is not repeated, and its shape is not tried at the larger sizes. */
const SLOW_PARSE_MS = 20_000;
/**
 * A sample is the mean of as many parses as take at least this long (at most MAX_REPEATS): single
 * parses of a few milliseconds are mostly timer and scheduler noise, which bends the fitted exponent.
 */
export const MIN_SAMPLE_MS = 50;
const MAX_REPEATS = 50;

/** What the parser made of a document: its items, a refusal (FeedParseError) or anything else thrown. */
export type HostileOutcome = { items: number } | { refused: string } | { crashed: string };

export interface HostileStep {
  factor: number;
  bytes: number;
  /** Milliseconds per parse (or to the refusal): median and spread over the runs. */
  ms: Spread;
  /** ÷ the well-formed feed of the same size, run by run; 1 for the well-formed feed itself. */
  ratio: Spread;
  outcome: HostileOutcome;
}

export interface HostileShapeResult {
  id: string;
  label: string;
  steps: HostileStep[];
  /** b in ms ∝ bytes^b, least squares over the steps (NaN with fewer than two). */
  exponent: number;
  /** Why a larger size was not parsed (the one before took longer than SLOW_PARSE_MS). */
  skipped?: string;
}

export interface HostileParseSection {
  baseBytes: number;
  runs: number;
  /** The well-formed baseline, then each hostile shape. */
  shapes: HostileShapeResult[];
  durationSec: number;
}

export const WELL_FORMED_ID = 'well-formed';

/**
 * Each hostile document shape (libs/feedgen hostile-feeds.ts) and an ordinary feed of the same size,
 * parsed at 1×, 4× and 16× the base by parseFeedBytes, the function the parse pool's threads run
 * (timed here in this thread, without the pool's message passing). At each size every run takes one
 * sample of every document, in a rotating order, so drift on a shared machine hits all alike.
 */
export async function benchHostileParse(
  plan: HostilePlan,
  progress: (line: string) => void,
): Promise<HostileParseSection> {
  const started = performance.now();
  const shapes: Array<{ id: string; label: string; generate: HostileFeed }> = [
    { id: WELL_FORMED_ID, label: 'well-formed feed (baseline)', generate: wellFormedFeed },
    ...HOSTILE_FEEDS,
  ];
  const results: HostileShapeResult[] = shapes.map(({ id, label }) => ({
    id,
    label,
    steps: [],
    exponent: Number.NaN,
  }));
  for (const factor of GROWTH_FACTORS) {
    const bytes = plan.baseBytes * factor;
    const active = shapes
      .map((shape, i) => ({ ...shape, result: results[i] }))
      .filter((s) => !s.result.skipped);
    const documents = active.map(({ generate }) => Buffer.from(generate(bytes)));
    progress(`hostile parse: ${sizeLabel(bytes)}, ${active.length} documents, ${plan.runs} runs`);
    const first = [];
    for (const document of documents) first.push(await timedParse(document));
    const samples = first.map((warm) => (warm.ms > SLOW_PARSE_MS ? [warm.ms] : []));
    for (let run = 0; run < plan.runs; run += 1) {
      for (let k = 0; k < active.length; k += 1) {
        const i = (run + k) % active.length;
        if (first[i].ms > SLOW_PARSE_MS) continue;
        const repeats = Math.min(MAX_REPEATS, Math.ceil(MIN_SAMPLE_MS / Math.max(first[i].ms, 0.1)));
        let total = 0;
        for (let repeat = 0; repeat < repeats; repeat += 1) total += (await timedParse(documents[i])).ms;
        samples[i].push(total / repeats);
      }
    }
    const baseline = samples[0];
    for (const [i, { result }] of active.entries()) {
      const ratios = samples[i].map((ms, run) => ms / (baseline[run] ?? summarize(baseline).median));
      result.steps.push({
        factor,
        bytes: documents[i].length,
        ms: summarize(samples[i]),
        ratio: summarize(ratios),
        outcome: first[i].outcome,
      });
      if (first[i].ms > SLOW_PARSE_MS)
        result.skipped = `not parsed past ${sizeLabel(bytes)}: one parse there took ${(first[i].ms / 1000).toFixed(0)} s`;
    }
  }
  for (const result of results)
    result.exponent = fittedExponent(result.steps.map((s) => ({ size: s.bytes, cost: s.ms.median })));
  return {
    baseBytes: plan.baseBytes,
    runs: plan.runs,
    shapes: results,
    durationSec: (performance.now() - started) / 1000,
  };
}

const contentType = 'application/rss+xml; charset=utf-8';

async function timedParse(document: Buffer): Promise<{ ms: number; outcome: HostileOutcome }> {
  const start = performance.now();
  let outcome: HostileOutcome;
  try {
    outcome = { items: (await parseFeedBytes(document, { contentType })).items.length };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outcome = error instanceof FeedParseError ? { refused: message } : { crashed: message.split('\n')[0] };
  }
  return { ms: performance.now() - start, outcome };
}

/** A size as the report names it: 64 KiB, 1 MiB, 1.5 MiB. */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024 * KiB) return `${Math.round(bytes / KiB)} KiB`;
  const value = bytes / (1024 * KiB);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`;
}
