import { FetchError } from '../../../http/src/index.js';

export interface PollPolicyConfig {
  /** 300: never poll a feed more often, whatever it or its server says. */
  minIntervalSec: number;
  /** 86400 */
  maxIntervalSec: number;
  /** 1800: for a feed we know nothing about yet. */
  defaultIntervalSec: number;
  /** Every Nth poll skips the conditional headers, to get past servers with stale ETags (e.g. 10). */
  unconditionalEvery: number;
}

export interface PollHistory {
  /** The feed's regular interval (not the backoff delay, which only moves nextPollAt). */
  intervalSec: number;
  consecutiveFailures: number;
  /** Publication times of the latest items seen, including this poll's. */
  recentItemTimes: Date[];
  /** Polls since the last one sent without conditional headers (0 right after it). */
  pollsSinceUnconditional: number;
}

export type PollResult =
  | { kind: 'ok'; newItems: number; ttlMinutes: number | null; maxAgeSeconds: number | null }
  | { kind: 'not-modified'; maxAgeSeconds: number | null }
  /** soft: 404, 429, 5xx, timeouts, network. `status` only makes the reason more telling. */
  | { kind: 'failure'; soft: boolean; retryAfterSeconds?: number; status?: number };

export interface NextPoll {
  /** The regular interval to keep for the feed; unchanged by a failure. */
  intervalSec: number;
  /** When to poll next: now + interval, or the backoff / Retry-After delay after a failure. */
  nextPollAt: Date;
  consecutiveFailures: number;
  /** Short and human: "publishes every ~40 min", "backoff after 3 failures (HTTP 503)". */
  reason: string;
}

const DAY_SEC = 86_400;
const GROWTH_WHEN_QUIET = 1.25;
const MAX_SHRINK_PER_POLL = 2;
const BACKOFF_JITTER = 0.15;
const MIN_DISTINCT_ITEM_TIMES = 2;
// Items dated further ahead than this are clock or time-zone mistakes, not publication times.
const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;

/**
 * Decides when to poll a feed next. Pure: the same history, result, time and random numbers give the
 * same answer. A feed is never dropped: there is always a next poll, at most a day (or the max interval) away.
 */
export function nextPoll(
  history: PollHistory,
  result: PollResult,
  now: Date,
  cfg: PollPolicyConfig,
  random: () => number = Math.random,
): NextPoll {
  const base = regularInterval(history, cfg);
  if (result.kind === 'failure') return afterFailure(history, result, base, now, cfg, random);

  const adapted = adaptInterval(history, result, base, now, cfg);
  const floored = applyServerFloors(adapted, result, cfg);
  const intervalSec = Math.round(clamp(floored.intervalSec, cfg.minIntervalSec, cfg.maxIntervalSec));
  return {
    intervalSec,
    nextPollAt: new Date(now.getTime() + intervalSec * 1000),
    consecutiveFailures: 0,
    reason: floored.reason,
  };
}

/** Whether this poll sends If-None-Match / If-Modified-Since; every `unconditionalEvery`th poll does not. */
export function useConditionalGet(history: PollHistory, cfg: PollPolicyConfig): boolean {
  if (cfg.unconditionalEvery <= 0) return true;
  return history.pollsSinceUnconditional + 1 < cfg.unconditionalEvery;
}

/**
 * Soft failures are the ones that fix themselves (404 during a redeploy, 429, 5xx, timeouts, network);
 * they back off more gently. Everything the feed owner must fix (403, 410, too large, blocked, bad URL,
 * garbage that does not parse) is hard.
 */
export function classifyFailure(err: unknown): {
  soft: boolean;
  retryAfterSeconds?: number;
  status?: number;
  message: string;
} {
  if (err instanceof FetchError) {
    const soft = err.kind === 'timeout' || err.kind === 'network' || isSoftStatus(err);
    const out: { soft: boolean; retryAfterSeconds?: number; status?: number; message: string } = {
      soft,
      message: err.message,
    };
    if (err.status !== undefined) out.status = err.status;
    if (err.retryAfterSeconds !== undefined) out.retryAfterSeconds = err.retryAfterSeconds;
    return out;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { soft: false, message: message.split('\n')[0] || 'unknown error' };
}

function isSoftStatus(err: FetchError): boolean {
  if (err.kind !== 'http-status' || err.status === undefined) return false;
  const status = err.status;
  // 304 here means a server answered 304 to an unconditional GET: broken caching, usually transient.
  return (
    status === 304 || status === 404 || status === 408 || status === 425 || status === 429 || status >= 500
  );
}

function regularInterval(history: PollHistory, cfg: PollPolicyConfig): number {
  const interval = history.intervalSec > 0 ? history.intervalSec : cfg.defaultIntervalSec;
  return clamp(interval, cfg.minIntervalSec, cfg.maxIntervalSec);
}

function afterFailure(
  history: PollHistory,
  result: Extract<PollResult, { kind: 'failure' }>,
  base: number,
  now: Date,
  cfg: PollPolicyConfig,
  random: () => number,
): NextPoll {
  const failures = Math.max(0, history.consecutiveFailures) + 1;
  const at = (delaySec: number) => new Date(now.getTime() + Math.round(delaySec * 1000));

  if (result.retryAfterSeconds !== undefined && result.retryAfterSeconds >= 0) {
    // The server's word beats our guess, but it never makes us poll faster than our own minimum;
    // jitter only adds, so we never come back before the time it asked for.
    const asked = Math.min(result.retryAfterSeconds, DAY_SEC);
    const wait = Math.max(asked, cfg.minIntervalSec);
    const delay = wait * (1 + 0.1 + 0.1 * random());
    const raised = wait > asked ? ` (raised to the ${wait}s minimum)` : '';
    return {
      intervalSec: base,
      nextPollAt: at(delay),
      consecutiveFailures: failures,
      reason: `Retry-After ${asked}s${raised} + jitter`,
    };
  }

  // Exponential from the regular interval; a soft failure counts as half a failure in the exponent.
  const weight = result.soft ? 0.5 : 1;
  const cap = Math.max(DAY_SEC, base);
  const raw = Math.min(cap, base * 2 ** (weight * failures));
  const delay = Math.min(cap, raw * (1 - BACKOFF_JITTER + 2 * BACKOFF_JITTER * random()));
  const what =
    result.status !== undefined ? `HTTP ${result.status}` : result.soft ? 'soft failure' : 'hard failure';
  const count = failures === 1 ? '1 failure' : `${failures} failures`;
  return {
    intervalSec: base,
    nextPollAt: at(delay),
    consecutiveFailures: failures,
    reason: `backoff after ${count} (${what})`,
  };
}

function adaptInterval(
  history: PollHistory,
  result: Exclude<PollResult, { kind: 'failure' }>,
  base: number,
  now: Date,
  cfg: PollPolicyConfig,
): { intervalSec: number; reason: string } {
  const gap = publishingGapSec(history.recentItemTimes, now);
  if (result.kind === 'ok' && result.newItems > 0) {
    if (gap === null)
      return {
        intervalSec: base / GROWTH_WHEN_QUIET,
        reason: `${result.newItems} new items; polling a little more often`,
      };
    // Half the typical gap catches most items within one poll; move toward it, not at it in one jump.
    const target = clamp(gap / 2, cfg.minIntervalSec, cfg.maxIntervalSec);
    const intervalSec =
      target < base
        ? Math.max(target, base / MAX_SHRINK_PER_POLL)
        : Math.min(target, base * GROWTH_WHEN_QUIET);
    return { intervalSec, reason: `publishes every ~${formatDuration(gap)}` };
  }
  const intervalSec = Math.min(base * GROWTH_WHEN_QUIET, cfg.maxIntervalSec);
  const what = result.kind === 'not-modified' ? 'not modified' : 'no new items';
  return {
    intervalSec,
    reason: `${what}; polling every ${formatDuration(clamp(intervalSec, cfg.minIntervalSec, cfg.maxIntervalSec))}`,
  };
}

/** The feed's ttl and the server's Cache-Control / Expires are lower bounds (a max interval still wins). */
function applyServerFloors(
  adapted: { intervalSec: number; reason: string },
  result: Exclude<PollResult, { kind: 'failure' }>,
  cfg: PollPolicyConfig,
): { intervalSec: number; reason: string } {
  let { intervalSec, reason } = adapted;
  const ttlSec =
    result.kind === 'ok' && result.ttlMinutes !== null && result.ttlMinutes > 0 ? result.ttlMinutes * 60 : 0;
  const maxAge = result.maxAgeSeconds !== null && result.maxAgeSeconds > 0 ? result.maxAgeSeconds : 0;
  const floor = Math.min(Math.max(ttlSec, maxAge), cfg.maxIntervalSec);
  if (floor > intervalSec && floor > cfg.minIntervalSec) {
    intervalSec = floor;
    reason =
      ttlSec >= maxAge
        ? `feed ttl asks for ${formatDuration(ttlSec)}`
        : `Cache-Control asks for ${formatDuration(maxAge)}`;
  }
  return { intervalSec, reason };
}

/**
 * The median gap between the distinct publication times of recent items, in seconds; the time since the
 * newest item counts too once it is longer than that, so a feed that fell silent slows down.
 */
export function publishingGapSec(times: Date[], now: Date): number | null {
  const latest = now.getTime() + FUTURE_TOLERANCE_MS;
  const distinct = [
    ...new Set(times.map((t) => t.getTime()).filter((ms) => Number.isFinite(ms) && ms <= latest)),
  ].sort((a, b) => b - a);
  if (distinct.length < MIN_DISTINCT_ITEM_TIMES) return null;
  const gaps = distinct.slice(1).map((ms, i) => (distinct[i] - ms) / 1000);
  const closed = median(gaps);
  const silence = (now.getTime() - distinct[0]) / 1000;
  return silence > closed ? median([...gaps, silence]) : closed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)}s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${+(seconds / 3600).toFixed(1)} h`;
  return `${+(seconds / 86400).toFixed(1)} d`;
}
