import type { INestApplication } from '@nestjs/common';
import { Prng } from '../../libs/feedgen/src/index.js';
import { createApi } from '../../apps/api/src/create-api.js';
import { TrendRollupRepository } from '../../libs/trends/src/index.js';
import { ScoreRepository } from '../../libs/scoring/src/index.js';
import { insertRandomArchive, randomScore } from '../support/scored-archive.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { listenLocally } from '../support/listen-locally.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
type Json = any;

/** The column form a client would make of the points itself: the oracle for shape=columns. */
function columnsOf(points: Json[]) {
  const share = (name: string) => ({
    share: points.map((p) => p.shares[name].share),
    low: points.map((p) => p.shares[name].ci95?.[0] ?? null),
    high: points.map((p) => p.shares[name].ci95?.[1] ?? null),
  });
  const anomaly = (name: string) => {
    const flagged = points.flatMap((p, i) => (p.anomaly[name].flagged ? [i] : []));
    return {
      z: points.map((p) => p.anomaly[name].z),
      flagged,
      baselineMean: flagged.map((i) => points[i].anomaly[name].baselineMean),
      baselineSd: flagged.map((i) => points[i].anomaly[name].baselineSd),
    };
  };
  return {
    n: points.map((p) => p.n),
    stance: {
      mean: points.map((p) => p.stance.mean),
      low: points.map((p) => p.stance.ci95?.[0] ?? null),
      high: points.map((p) => p.stance.ci95?.[1] ?? null),
    },
    shares: { supportive: share('supportive'), neutral: share('neutral'), critical: share('critical') },
    sentiment: { mean: points.map((p) => p.sentiment.mean) },
    framing: { mean: points.map((p) => p.framing.mean) },
    volume: { all: points.map((p) => p.volume.all), attention: points.map((p) => p.volume.attention) },
    anomaly: { stance: anomaly('stance'), volume: anomaly('volume') },
  };
}

describe('GET /api/v1/trends?shape=columns', () => {
  let target: TestDatabase;
  let app: INestApplication;
  let base: string;
  let unscoredFeed: number;

  beforeAll(async () => {
    target = await createTestDatabase();
    const { articles } = await insertRandomArchive(target.db, {
      seed: 23,
      feeds: 6,
      articles: 900,
      days: 24,
      start: new Date('2025-03-01T00:00:00Z'),
    });
    const random = new Prng(23);
    await target.db.transaction((client) =>
      new TrendRollupRepository(target.db).refreshVolume(
        client,
        articles.map((a) => a.id),
      ),
    );
    // The first feed's articles go unscored: its series has volume and no scores.
    unscoredFeed = articles[0].feedId;
    const relevant = articles.filter((a) => a.relevant && a.feedId !== unscoredFeed);
    for (let start = 0; start < relevant.length; start += 25) {
      await new ScoreRepository(target.db).insertScores(
        relevant.slice(start, start + 25).map((a) => randomScore(random, a.id, 'model-a')),
      );
    }
    app = await createApi(testConfig(target.url, { NLI_MODEL: 'model-a' }));
    base = await listenLocally(app);
  });

  afterAll(async () => {
    await app.close();
    await target.drop();
  });

  const get = async (query: string, accept = 'application/json') => {
    const response = await fetch(`${base}/api/v1/trends?${query}`, { headers: { accept } });
    const text = await response.text();
    return { status: response.status, text, body: accept === 'text/csv' ? null : (JSON.parse(text) as Json) };
  };

  it.each([
    ['daily rollups, one series', 'from=2025-03-03&to=2025-03-24', /daily rollups at UTC$/],
    [
      'daily rollups in Moscow, by outlet',
      'from=2025-03-03&to=2025-03-24&tz=Europe/Moscow&groupBy=outlet',
      /UTC\+3/,
    ],
    [
      'weeks in Beijing by feed, filtered',
      'from=2025-03-03&to=2025-03-24&interval=week&tz=Asia/Shanghai&groupBy=feed&country=RU',
      /UTC\+8/,
    ],
    [
      'hours across a daylight-saving change, by kind',
      'from=2025-03-08T12:00:00Z&to=2025-03-10T12:00:00Z&interval=hour&tz=America/New_York&groupBy=kind',
      /hourly rollups/,
    ],
    [
      'raw scores for a half-hour zone, by country',
      'from=2025-03-05&to=2025-03-12&tz=Asia/Kolkata&groupBy=country',
      /raw scores/,
    ],
    [
      'flags from a short baseline, by language',
      'from=2025-03-05&to=2025-03-25&k=1&baseline=3&groupBy=language',
      /daily/,
    ],
  ])('carries the same figures as the points: %s', async (_name, query, source) => {
    const [points, columns] = await Promise.all([get(query), get(`${query}&shape=columns`)]);
    expect([points.status, columns.status]).toEqual([200, 200]);
    expect(columns.body.query.source).toMatch(source);
    const { points: plain, series, ...header } = points.body;
    const seriesPoints: Json[][] = plain ? [plain] : series.map((s: Json) => s.points);
    expect(seriesPoints.flat().some((p: Json) => p.n > 0)).toBe(true);
    expect(columns.body).toEqual({
      ...header,
      buckets: seriesPoints[0].map((p: Json) => p.bucket),
      ...(plain
        ? { columns: columnsOf(plain) }
        : {
            series: series.map((s: Json) => ({ key: s.key, label: s.label, columns: columnsOf(s.points) })),
          }),
    });
    // Smaller for the same figures: the keys of every point are gone.
    expect(columns.text.length).toBeLessThan(points.text.length);
  });

  it('carries a series with volume and no scores', async () => {
    const query = 'from=2025-03-03&to=2025-03-24&groupBy=feed';
    const [points, columns] = await Promise.all([get(query), get(`${query}&shape=columns`)]);
    const unscored = (series: Json[]) => series.find((s) => s.key === String(unscoredFeed));
    const plain = unscored(points.body.series);
    expect(plain.points.every((p: Json) => p.n === 0)).toBe(true);
    expect(plain.points.some((p: Json) => p.volume.all > 0)).toBe(true);
    expect(unscored(columns.body.series)).toEqual({
      key: plain.key,
      label: plain.label,
      columns: columnsOf(plain.points),
    });
  });

  it('carries flagged buckets with their baselines', async () => {
    const { body } = await get('from=2025-03-05&to=2025-03-25&k=1&baseline=3&shape=columns');
    const { stance } = body.columns.anomaly;
    expect(stance.flagged.length).toBeGreaterThan(0);
    expect(stance.baselineMean).toHaveLength(stance.flagged.length);
    for (const index of stance.flagged) expect(Math.abs(stance.z[index])).toBeGreaterThan(1);
  });

  it('answers CSV in its one form, and refuses what it cannot serve with what to change', async () => {
    const query = 'from=2025-03-03&to=2025-03-10&groupBy=outlet';
    const [csv, csvColumns] = await Promise.all([
      get(query, 'text/csv'),
      get(`${query}&shape=columns`, 'text/csv'),
    ]);
    expect(csvColumns.status).toBe(200);
    expect(csvColumns.text).toBe(csv.text);

    const corrected = await get(`${query}&shape=columns&correction=acc`);
    expect(corrected.status).toBe(400);
    expect(corrected.body.detail).toMatch(/shape: columns is not available with correction=/);
    const unknown = await get(`${query}&shape=table`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/shape/);
  });
});
