import { FetchError } from '../../../http/src/index.js';
import {
  classifyFailure,
  nextPoll,
  publishingGapSec,
  useConditionalGet,
  type PollHistory,
  type PollPolicyConfig,
  type PollResult,
} from './poll-policy.js';

const cfg: PollPolicyConfig = {
  minIntervalSec: 300,
  maxIntervalSec: 86_400,
  defaultIntervalSec: 1800,
  unconditionalEvery: 10,
};
const now = new Date('2025-05-08T12:00:00Z');
const MIN = 60;
const HOUR = 3600;
const noJitter = () => 0.5;

function history(overrides: Partial<PollHistory> = {}): PollHistory {
  return {
    intervalSec: 1800,
    consecutiveFailures: 0,
    recentItemTimes: [],
    pollsSinceUnconditional: 0,
    ...overrides,
  };
}

/** Items published every `gapSec`, the newest `ageSec` before now. */
function itemsEvery(gapSec: number, count = 10, ageSec = 0): Date[] {
  return Array.from({ length: count }, (_, i) => new Date(now.getTime() - (ageSec + i * gapSec) * 1000));
}

const ok = (newItems: number, extra: Partial<Extract<PollResult, { kind: 'ok' }>> = {}): PollResult => ({
  kind: 'ok',
  newItems,
  ttlMinutes: null,
  maxAgeSeconds: null,
  ...extra,
});
const delaySec = (next: { nextPollAt: Date }) => (next.nextPollAt.getTime() - now.getTime()) / 1000;

describe('nextPoll after a successful poll', () => {
  it('polls at half the publishing gap of a feed that publishes every ~40 min', () => {
    const next = nextPoll(history({ recentItemTimes: itemsEvery(40 * MIN) }), ok(2), now, cfg);

    expect(next.intervalSec).toBe(20 * MIN);
    expect(delaySec(next)).toBe(20 * MIN);
    expect(next.consecutiveFailures).toBe(0);
    expect(next.reason).toBe('publishes every ~40 min');
  });

  it('shrinks toward a fast feed at most by half per poll and stops at the minimum', () => {
    const items = itemsEvery(2 * MIN);
    const steps: number[] = [];
    let interval = 1800;
    for (let i = 0; i < 5; i++) {
      interval = nextPoll(
        history({ intervalSec: interval, recentItemTimes: items }),
        ok(3),
        now,
        cfg,
      ).intervalSec;
      steps.push(interval);
    }

    expect(steps).toEqual([900, 450, 300, 300, 300]);
  });

  it('slows down gently toward a feed that publishes every 10 hours', () => {
    const items = itemsEvery(10 * HOUR);
    let interval = 1800;
    for (let i = 0; i < 30; i++) {
      const next = nextPoll(
        history({ intervalSec: interval, recentItemTimes: items }),
        ok(1),
        now,
        cfg,
      ).intervalSec;
      expect(next).toBeLessThanOrEqual(Math.ceil(interval * 1.25));
      interval = next;
    }

    expect(interval).toBe(5 * HOUR);
  });

  it('ignores identical timestamps of batch-published items and future-dated items', () => {
    const batch = [0, 0, 0, HOUR, HOUR, 2 * HOUR].map((s) => new Date(now.getTime() - s * 1000));
    const future = new Date(now.getTime() + 30 * 24 * HOUR * 1000);

    expect(publishingGapSec(batch, now)).toBe(HOUR);
    expect(publishingGapSec([...batch, future], now)).toBe(HOUR);
    expect(publishingGapSec([new Date(now)], now)).toBeNull();
  });

  it('counts a long silence since the newest item, so a feed that went quiet is not polled as if busy', () => {
    const quiet = publishingGapSec(itemsEvery(HOUR, 2, 3 * 24 * HOUR), now)!;

    expect(quiet).toBeGreaterThan(HOUR);
  });

  it('grows the interval gently when nothing is new, up to the maximum and never beyond', () => {
    const first = nextPoll(history(), ok(0), now, cfg);
    const notModified = nextPoll(history(), { kind: 'not-modified', maxAgeSeconds: null }, now, cfg);
    expect(first.intervalSec).toBe(2250);
    expect(first.reason).toBe('no new items; polling every 38 min');
    expect(notModified.intervalSec).toBe(2250);
    expect(notModified.reason).toMatch(/^not modified/);

    let interval = 1800;
    for (let i = 0; i < 40; i++)
      interval = nextPoll(history({ intervalSec: interval }), ok(0), now, cfg).intervalSec;
    expect(interval).toBe(cfg.maxIntervalSec);
  });

  it('starts a new feed from the default interval', () => {
    const next = nextPoll(history({ intervalSec: 0 }), ok(0), now, cfg);

    expect(next.intervalSec).toBe(Math.round(cfg.defaultIntervalSec * 1.25));
  });

  it('never polls sooner than the feed ttl or Cache-Control ask, but still within the maximum', () => {
    const busy = history({ recentItemTimes: itemsEvery(10 * MIN) });

    const ttl = nextPoll(busy, ok(5, { ttlMinutes: 60 }), now, cfg);
    const maxAge = nextPoll(busy, { kind: 'not-modified', maxAgeSeconds: 2 * HOUR }, now, cfg);
    const huge = nextPoll(busy, ok(5, { ttlMinutes: 60 * 24 * 30 }), now, cfg);

    expect(ttl).toMatchObject({ intervalSec: HOUR, reason: 'feed ttl asks for 60 min' });
    expect(maxAge).toMatchObject({ intervalSec: 2 * HOUR, reason: 'Cache-Control asks for 2 h' });
    expect(huge.intervalSec).toBe(cfg.maxIntervalSec);
  });

  it('resets the failure count once the feed answers again', () => {
    const next = nextPoll(
      history({ consecutiveFailures: 4 }),
      { kind: 'not-modified', maxAgeSeconds: null },
      now,
      cfg,
    );

    expect(next.consecutiveFailures).toBe(0);
    expect(delaySec(next)).toBe(next.intervalSec);
  });
});

describe('nextPoll after a failure', () => {
  const hard: PollResult = { kind: 'failure', soft: false, status: 403 };
  const soft: PollResult = { kind: 'failure', soft: true, status: 503 };

  it('backs off exponentially from the regular interval and keeps that interval for later', () => {
    const delays = [0, 1, 2].map((failures) =>
      delaySec(nextPoll(history({ consecutiveFailures: failures }), hard, now, cfg, noJitter)),
    );
    const third = nextPoll(history({ consecutiveFailures: 2 }), soft, now, cfg, noJitter);

    expect(delays).toEqual([3600, 7200, 14_400]);
    expect(third.intervalSec).toBe(1800);
    expect(third.consecutiveFailures).toBe(3);
    expect(third.reason).toBe('backoff after 3 failures (HTTP 503)');
  });

  it('counts a soft failure as half a failure', () => {
    const softDelay = delaySec(nextPoll(history({ consecutiveFailures: 1 }), soft, now, cfg, noJitter));
    const hardDelay = delaySec(nextPoll(history({ consecutiveFailures: 1 }), hard, now, cfg, noJitter));

    expect(softDelay).toBe(1800 * 2);
    expect(hardDelay).toBe(1800 * 4);
  });

  it('spreads retries with ±15% jitter', () => {
    const low = delaySec(nextPoll(history(), hard, now, cfg, () => 0));
    const high = delaySec(nextPoll(history(), hard, now, cfg, () => 0.999999));
    const spread = new Set(Array.from({ length: 50 }, () => delaySec(nextPoll(history(), hard, now, cfg))));

    expect(low).toBe(3600 * 0.85);
    expect(high).toBeCloseTo(3600 * 1.15, 0);
    expect(spread.size).toBeGreaterThan(40);
  });

  it('caps the backoff at a day and never drops the feed', () => {
    for (const failures of [8, 50, 10_000]) {
      for (const r of [0, 0.5, 0.999]) {
        const next = nextPoll(history({ consecutiveFailures: failures }), hard, now, cfg, () => r);
        expect(delaySec(next)).toBeGreaterThan(0);
        expect(delaySec(next)).toBeLessThanOrEqual(86_400);
      }
    }
  });

  it('honours Retry-After and adds 10–20% jitter on top, never less', () => {
    const asked: PollResult = { kind: 'failure', soft: true, status: 429, retryAfterSeconds: 3600 };

    const low = nextPoll(history({ consecutiveFailures: 6 }), asked, now, cfg, () => 0);
    const high = nextPoll(history(), asked, now, cfg, () => 0.999999);

    expect(delaySec(low)).toBe(3960);
    expect(delaySec(high)).toBeCloseTo(4320, 0);
    expect(low.reason).toBe('Retry-After 3600s + jitter');
    expect(low.consecutiveFailures).toBe(7);
  });

  it('caps Retry-After at a day and raises a tiny one to the minimum interval', () => {
    const week: PollResult = { kind: 'failure', soft: true, retryAfterSeconds: 7 * 86_400 };
    const seven: PollResult = { kind: 'failure', soft: true, status: 429, retryAfterSeconds: 7 };

    const capped = nextPoll(history(), week, now, cfg, () => 0);
    const raised = nextPoll(history(), seven, now, cfg, () => 0);

    expect(delaySec(capped)).toBeCloseTo(86_400 * 1.1, 0);
    expect(capped.reason).toBe('Retry-After 86400s + jitter');
    expect(delaySec(raised)).toBeCloseTo(300 * 1.1, 0);
    expect(raised.reason).toBe('Retry-After 7s (raised to the 300s minimum) + jitter');
  });
});

describe('useConditionalGet', () => {
  it('sends conditional headers except on every Nth poll', () => {
    let pollsSinceUnconditional = 0;
    const unconditional: number[] = [];
    for (let poll = 1; poll <= 30; poll++) {
      const conditional = useConditionalGet(history({ pollsSinceUnconditional }), cfg);
      if (!conditional) unconditional.push(poll);
      pollsSinceUnconditional = conditional ? pollsSinceUnconditional + 1 : 0;
    }

    expect(unconditional).toEqual([10, 20, 30]);
  });

  it('can be told to always or never send them', () => {
    expect(
      useConditionalGet(history({ pollsSinceUnconditional: 500 }), { ...cfg, unconditionalEvery: 0 }),
    ).toBe(true);
    expect(
      useConditionalGet(history({ pollsSinceUnconditional: 0 }), { ...cfg, unconditionalEvery: 1 }),
    ).toBe(false);
  });
});

describe('classifyFailure', () => {
  const url = 'https://news.example/feed.xml';
  const httpError = (status: number, retryAfterSeconds?: number) =>
    new FetchError('http-status', url, `${url}: HTTP ${status}`, { status, retryAfterSeconds });

  it.each([404, 408, 429, 500, 502, 503, 304])('treats HTTP %i as soft', (status) => {
    expect(classifyFailure(httpError(status))).toMatchObject({ soft: true, status });
  });

  it.each([400, 401, 403, 410, 451])('treats HTTP %i as hard', (status) => {
    expect(classifyFailure(httpError(status))).toMatchObject({ soft: false, status });
  });

  it('passes on Retry-After and the message', () => {
    expect(classifyFailure(httpError(429, 7))).toEqual({
      soft: true,
      status: 429,
      retryAfterSeconds: 7,
      message: `${url}: HTTP 429`,
    });
  });

  it('treats timeouts and network errors as soft, limits and refusals as hard', () => {
    const of = (kind: ConstructorParameters<typeof FetchError>[0]) =>
      classifyFailure(new FetchError(kind, url, 'x')).soft;

    expect(of('timeout')).toBe(true);
    expect(of('network')).toBe(true);
    for (const kind of [
      'too-large',
      'too-many-redirects',
      'redirect-loop',
      'blocked-address',
      'bad-url',
      'decompression',
    ] as const) {
      expect(of(kind)).toBe(false);
    }
  });

  it('treats anything else (a feed that does not parse) as hard, keeping one line of message', () => {
    expect(classifyFailure(new Error('Unexpected close tag\nLine: 3\nColumn: 7'))).toEqual({
      soft: false,
      message: 'Unexpected close tag',
    });
    expect(classifyFailure('boom')).toEqual({ soft: false, message: 'boom' });
  });
});
