import { MAX_POINTS } from '../../libs/trends/src/index.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';
import { LENS, MODEL, insertFeed, insertScored } from '../support/alert-archive.js';

const FEEDS = 12;
const DAY = 86_400_000;

/** One request may not ask for hundreds of MB of JSON: points (series × buckets) are bounded. */
describe('GET /api/v1/trends: the size of one answer', () => {
  const api = apiOnItsOwnDatabase();
  const to = new Date(Date.UTC(2026, 10, 1));

  beforeAll(async () => {
    for (let i = 0; i < FEEDS; i += 1) {
      const feed = await insertFeed(api.target.db, `Outlet ${i}`);
      await insertScored(api.target.db, feed, [
        { publishedAt: new Date(to.getTime() - (i + 1) * DAY), label: 'neutral' },
      ]);
    }
  });

  const trend = async (query: Record<string, string>) => {
    const params = new URLSearchParams({ lens: LENS, model: MODEL, to: to.toISOString(), ...query });
    const response = await fetch(`${api.base}/api/v1/trends?${params}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('refuses hours by feed over 208 days (12 series × 5,000 buckets) with a 400 that says how to narrow it', async () => {
    const from = new Date(to.getTime() - 5_000 * 3_600_000).toISOString();
    const { status, body } = await trend({ interval: 'hour', groupBy: 'feed', from });
    expect(status).toBe(400);
    // The buckets counted include the few before `from` that the anomaly baseline reads.
    expect(body.detail).toMatch(
      new RegExp(
        `^query: ${FEEDS} series \\(groupBy=feed\\) × 50\\d\\d buckets is \\d+ points; at most ${MAX_POINTS}: ` +
          'narrow from/to, choose a longer interval, filter by feed, outlet, country, language or kind, or group by a coarser key$',
      ),
    );
  });

  it('answers what analysts ask: a year of days by feed, and the same hours for one outlet', async () => {
    const from = new Date(to.getTime() - 365 * DAY).toISOString();
    const daily = await trend({ interval: 'day', groupBy: 'feed', from });
    expect(daily.status).toBe(200);
    expect(daily.body.series).toHaveLength(FEEDS);
    const hourlyFrom = new Date(to.getTime() - 5_000 * 3_600_000).toISOString();
    const oneOutlet = await trend({
      interval: 'hour',
      groupBy: 'feed',
      from: hourlyFrom,
      outlet: 'Outlet 3',
    });
    expect(oneOutlet.status).toBe(200);
    expect(oneOutlet.body.series).toHaveLength(1);
  });

  it('answers months in Moscow time over three centuries, every month present and every article counted', async () => {
    const from = '1700-01-01T00:00:00Z';
    const { status, body } = await trend({ interval: 'month', tz: 'Europe/Moscow', from });
    expect(status).toBe(200);
    const points = body.points as { bucket: string; n: number }[];
    // January 1700 to November 2026 (`to`, 1 November 00:00 UTC, is 03:00 in Moscow): each bucket is
    // local midnight of a month's first day, in Moscow mean time (+2:30:17) until 1916.
    expect(points).toHaveLength((2026 - 1700) * 12 + 11);
    expect(points[0].bucket).toBe('1699-12-31T21:29:43.000Z');
    expect(points.at(-1)?.bucket).toBe('2026-10-31T21:00:00.000Z');
    expect(points.reduce((sum, point) => sum + point.n, 0)).toBe(FEEDS);
  });
});

/**
 * The largest answers anonymous callers may ask for, several at once, and the ones refused for size,
 * while a monitor keeps asking /healthz: the API keeps answering it. (Hours by feed over 64 feeds once
 * built 320k points, 161 MiB of JSON and a gigabyte resident while everything else waited.)
 */
describe('GET /api/v1/trends: the API answers other requests while the largest trends are built', () => {
  const api = apiOnItsOwnDatabase();
  const OUTLETS = 100;
  const to = new Date(Date.UTC(2026, 10, 1));

  beforeAll(async () => {
    for (let i = 0; i < OUTLETS; i += 1) {
      const feed = await insertFeed(api.target.db, `Outlet ${i}`);
      await insertScored(api.target.db, feed, [
        { publishedAt: new Date(to.getTime() - ((i * 3) % 365) * DAY - DAY), label: 'supportive' },
      ]);
    }
  }, 120_000);

  it('a year of days by feed over 100 feeds (36,500 points) six times, and three refused, with /healthz answered throughout', async () => {
    const from = new Date(to.getTime() - 365 * DAY).toISOString();
    const heavy = (query: Record<string, string>) =>
      fetch(
        `${api.base}/api/v1/trends?${new URLSearchParams({ lens: LENS, model: MODEL, from, ...query })}`,
      ).then(async (response) => ({
        status: response.status,
        bytes: (await response.arrayBuffer()).byteLength,
      }));
    let building = true;
    const healthWaits: number[] = [];
    const monitor = (async () => {
      while (building) {
        const started = performance.now();
        const response = await fetch(`${api.base}/healthz`);
        expect(response.status).toBe(200);
        healthWaits.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    // Each `to` a second apart: six different answers, none served from the cache.
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) =>
        heavy({ interval: 'day', groupBy: 'feed', to: new Date(to.getTime() + i * 1000).toISOString() }),
      ),
      ...Array.from({ length: 3 }, () => heavy({ interval: 'hour', groupBy: 'feed', to: to.toISOString() })),
    ]);
    building = false;
    await monitor;

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200, 400, 400, 400]);
    expect(healthWaits.length).toBeGreaterThan(0);
    // Generous: an answer of 36,500 points holds the event loop for a few hundred ms at most.
    expect(Math.max(...healthWaits)).toBeLessThan(5_000);
  }, 120_000);
});
