import { RETRY_AFTER_CAP_SEC, RETRY_SCHEDULE_SEC, nextRetryDelayMs } from './retry-schedule.js';

const middle = { scale: 1, random: () => 0.5 };

describe('the webhook retry schedule', () => {
  it('follows 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, then gives up', () => {
    const delays = RETRY_SCHEDULE_SEC.map((_, i) => nextRetryDelayMs(i + 1, null, middle));
    expect(delays).toEqual([5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400].map((s) => s * 1000));
    expect(nextRetryDelayMs(RETRY_SCHEDULE_SEC.length + 1, null, middle)).toBeNull();
  });

  it('jitters by up to 10% either way, and scales for tests', () => {
    expect(nextRetryDelayMs(2, null, { scale: 1, random: () => 0 })).toBe(270_000);
    expect(nextRetryDelayMs(2, null, { scale: 1, random: () => 0.999999 })).toBeCloseTo(330_000, -1);
    expect(nextRetryDelayMs(2, null, { scale: 0.001, random: () => 0.5 })).toBe(300);
  });

  it('waits at least as long as Retry-After asks, up to a cap, unscaled', () => {
    expect(nextRetryDelayMs(1, 120, middle)).toBe(120_000);
    expect(nextRetryDelayMs(1, 120, { scale: 0.001, random: () => 0.5 })).toBe(120_000);
    expect(nextRetryDelayMs(3, 60, middle)).toBe(1_800_000);
    expect(nextRetryDelayMs(1, 7 * 86_400, middle)).toBe(RETRY_AFTER_CAP_SEC * 1000);
  });
});
