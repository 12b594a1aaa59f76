/**
 * When a failed delivery is tried again: the Standard Webhooks schedule (5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h, 14 h, 20 h, 24 h after the previous attempt: about three days in all), then it fails.
 */
export const RETRY_SCHEDULE_SEC = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400];

/** A Retry-After longer than this is cut to it, so one receiver cannot park a delivery for weeks. */
export const RETRY_AFTER_CAP_SEC = 3600;

export interface RetryPolicy {
  /** Multiplies the schedule (1 in production; tests shrink it). Retry-After is never scaled. */
  scale: number;
  /** [0, 1); Math.random unless a test pins it. */
  random?: () => number;
}

/**
 * The delay before the next attempt, or null when the round's attempts are spent. `attemptsInRound`
 * counts the attempt that just failed. Jitter of ±10% spreads retries of many deliveries; a
 * Retry-After (capped) is honoured as a lower bound.
 */
export function nextRetryDelayMs(
  attemptsInRound: number,
  retryAfterSec: number | null,
  policy: RetryPolicy,
): number | null {
  const step = RETRY_SCHEDULE_SEC[attemptsInRound - 1];
  if (step === undefined) return null;
  const random = policy.random ?? Math.random;
  const scheduled = step * 1000 * policy.scale * (0.9 + 0.2 * random());
  const asked = retryAfterSec === null ? 0 : Math.min(retryAfterSec, RETRY_AFTER_CAP_SEC) * 1000;
  return Math.round(Math.max(scheduled, asked));
}
