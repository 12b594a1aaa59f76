import type { INestApplication } from '@nestjs/common';
import { Prng } from '../../libs/feedgen/src/index.js';
import { createApi } from '../../apps/api/src/create-api.js';
import { studentT975, TrendRollupRepository } from '../../libs/trends/src/index.js';
import { ScoreRepository } from '../../libs/scoring/src/index.js';
import { insertRandomArchive, randomScore } from '../support/scored-archive.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { listenLocally } from '../support/listen-locally.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
type Json = any;

interface RawScore {
  publishedAt: Date;
  outlet: string;
  country: string;
  kind: string;
  stance: number;
  label: string;
  sentiment: number;
  framing: number;
}

/** The local calendar label of an instant in a zone, computed by ICU, not by the code under test. */
function localLabel(at: Date, tz: string, unit: 'hour' | 'day' | 'week'): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  if (unit === 'hour') return `${day}T${parts.hour}`;
  if (unit === 'day') return day;
  const date = new Date(`${day}T00:00:00Z`);
  const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

/** Mean, 95% interval and label shares straight from the values, the textbook way. */
function expected(rows: RawScore[]) {
  const n = rows.length;
  const mean = n ? rows.reduce((sum, row) => sum + row.stance, 0) / n : null;
  const sd =
    n > 1 ? Math.sqrt(rows.reduce((sum, row) => sum + (row.stance - mean!) ** 2, 0) / (n - 1)) : null;
  return {
    n,
    mean,
    // Student's t with n − 1 degrees of freedom (it was 1.96 at every n, too narrow for small buckets).
    half: sd === null ? null : (studentT975(n - 1) * sd) / Math.sqrt(n),
    critical: n ? rows.filter((row) => row.label === 'critical').length / n : null,
    sentiment: n ? rows.reduce((sum, row) => sum + row.sentiment, 0) / n : null,
  };
}

describe('GET /api/v1/trends', () => {
  let target: TestDatabase;
  let app: INestApplication;
  let base: string;
  let raw: RawScore[];
  let volume: { publishedAt: Date; outlet: string; country: string; kind: string }[];

  beforeAll(async () => {
    target = await createTestDatabase();
    const { articles } = await insertRandomArchive(target.db, {
      seed: 11,
      feeds: 6,
      articles: 900,
      days: 24,
      start: new Date('2025-03-01T00:00:00Z'),
    });
    const rollups = new TrendRollupRepository(target.db);
    const random = new Prng(11);
    await target.db.transaction((client) =>
      rollups.refreshVolume(
        client,
        articles.map((a) => a.id),
      ),
    );
    const relevant = articles.filter((a) => a.relevant);
    for (let start = 0; start < relevant.length; start += 25) {
      const batch = relevant.slice(start, start + 25);
      await new ScoreRepository(target.db).insertScores(
        batch.map((a) => randomScore(random, a.id, 'model-a')),
      );
    }
    raw = await target.db.query<RawScore>(
      `SELECT a.published_at AS "publishedAt", f.outlet, f.country, f.kind, s.stance_score::float8 AS stance, s.stance_label AS label,
         s.sentiment_score::float8 AS sentiment, s.framing_score::float8 AS framing
       FROM article_scores s JOIN articles a ON a.id = s.article_id JOIN feeds f ON f.id = a.feed_id`,
    );
    volume = await target.db.query(
      `SELECT a.published_at AS "publishedAt", f.outlet, f.country, f.kind FROM articles a JOIN feeds f ON f.id = a.feed_id`,
    );
    app = await createApi(testConfig(target.url, { NLI_MODEL: 'model-a' }));
    base = await listenLocally(app);
  });

  afterAll(async () => {
    await app.close();
    await target.drop();
  });

  const get = async (query: string, accept = 'application/json') => {
    const response = await fetch(`${base}/api/v1/trends?${query}`, { headers: { accept } });
    return {
      status: response.status,
      body: accept === 'text/csv' ? await response.text() : ((await response.json()) as Json),
    };
  };

  function checkPoints(
    points: Json[],
    rows: RawScore[],
    tz: string,
    unit: 'hour' | 'day' | 'week',
    volumeRows = volume,
  ) {
    for (const point of points) {
      const label = localLabel(new Date(point.bucket), tz, unit);
      const inBucket = rows.filter((row) => localLabel(row.publishedAt, tz, unit) === label);
      const want = expected(inBucket);
      expect({ label, n: point.n }).toEqual({ label, n: want.n });
      if (want.mean === null) {
        expect(point.stance.mean).toBeNull();
        continue;
      }
      expect(point.stance.mean).toBeCloseTo(want.mean, 6);
      if (want.half !== null) expect(point.stance.ci95[1]).toBeCloseTo(Math.min(1, want.mean + want.half), 6);
      expect(point.shares.critical.share).toBeCloseTo(want.critical!, 9);
      expect(point.sentiment.mean).toBeCloseTo(want.sentiment!, 6);
      expect(point.volume.all).toBe(
        volumeRows.filter((row) => localLabel(row.publishedAt, tz, unit) === label).length,
      );
    }
  }

  it('matches an independent computation from the raw scores: daily in UTC, every bucket present', async () => {
    const { status, body } = await get('from=2025-03-01&to=2025-03-29&interval=day');
    expect(status).toBe(200);
    expect(body.query).toMatchObject({
      lens: 'russia-china',
      model: 'model-a',
      interval: 'day',
      tz: 'UTC',
      source: 'daily rollups at UTC',
    });
    expect(body.points).toHaveLength(28);
    checkPoints(body.points, raw, 'UTC', 'day');
    // Days after the data are there, empty, not missing.
    expect(body.points.at(-1)).toMatchObject({
      bucket: '2025-03-28T00:00:00.000Z',
      n: 0,
      stance: { mean: null },
    });
    const inRange = raw.filter(
      (row) =>
        row.publishedAt >= new Date('2025-03-01T00:00:00Z') &&
        row.publishedAt < new Date('2025-03-29T00:00:00Z'),
    );
    expect(body.points.reduce((sum: number, p: Json) => sum + p.n, 0)).toBe(inRange.length);
  });

  it('buckets at local midnight in Moscow, grouped by outlet', async () => {
    const { body } = await get('from=2025-03-02&to=2025-03-20&tz=Europe/Moscow&groupBy=outlet');
    expect(body.query.source).toBe('daily rollups at UTC+3');
    expect(body.series.map((s: Json) => s.key)).toEqual(['Outlet 0', 'Outlet 1', 'Outlet 2']);
    expect(body.series[0].points[0].bucket).toBe('2025-03-01T21:00:00.000Z');
    for (const series of body.series) {
      checkPoints(
        series.points,
        raw.filter((row) => row.outlet === series.key),
        'Europe/Moscow',
        'day',
        volume.filter((row) => row.outlet === series.key),
      );
    }
  });

  it('composes weeks in Beijing, filters by country and kind, and serves hours across a daylight-saving change', async () => {
    // Buckets that start in [from, to): 2025-03-24T00:00Z is 08:00 on Monday the 24th in Beijing, so that week is in.
    const weeks = await get(
      'from=2025-03-03&to=2025-03-24&interval=week&tz=Asia/Shanghai&country=RU&kind=state',
    );
    expect(weeks.body.points.map((p: Json) => p.bucket)).toEqual([
      '2025-03-02T16:00:00.000Z',
      '2025-03-09T16:00:00.000Z',
      '2025-03-16T16:00:00.000Z',
      '2025-03-23T16:00:00.000Z',
    ]);
    const russianState = (row: { country: string; kind: string }) =>
      row.country === 'RU' && row.kind === 'state';
    checkPoints(
      weeks.body.points,
      raw.filter(russianState),
      'Asia/Shanghai',
      'week',
      volume.filter(russianState),
    );

    // New York moved from UTC-5 to UTC-4 on 2025-03-09: local hours come from the hourly rollups.
    const hours = await get(
      'from=2025-03-08T12:00:00Z&to=2025-03-10T12:00:00Z&interval=hour&tz=America/New_York',
    );
    expect(hours.body.query.source).toBe('hourly rollups');
    expect(hours.body.points).toHaveLength(48);
    checkPoints(hours.body.points, raw, 'America/New_York', 'hour');
  });

  it('falls back to the raw scores for a half-hour zone, with the same numbers', async () => {
    const { body } = await get('from=2025-03-05&to=2025-03-12&tz=Asia/Kolkata');
    expect(body.query.source).toMatch(/raw scores/);
    checkPoints(body.points, raw, 'Asia/Kolkata', 'day');
  });

  it('flags points far from their trailing baseline and says how', async () => {
    const { body } = await get('from=2025-03-10&to=2025-03-24&k=1&baseline=5');
    expect(body.anomaly).toMatchObject({ k: 1, baseline: 5 });
    expect(body.anomaly.method).toMatch(/previous 5 day buckets/);
    const all = (await get('from=2025-03-05&to=2025-03-24')).body.points;
    body.points.forEach((point: Json, i: number) => {
      const window = all
        .slice(i, i + 5)
        .map((p: Json) => p.stance.mean)
        .filter((m: number | null) => m !== null);
      const mean = window.reduce((a: number, b: number) => a + b, 0) / window.length;
      const sd = Math.sqrt(
        window.reduce((a: number, b: number) => a + (b - mean) ** 2, 0) / (window.length - 1),
      );
      expect(point.anomaly.stance.z).toBeCloseTo((point.stance.mean - mean) / sd, 6);
      expect(point.anomaly.stance.flagged).toBe(Math.abs((point.stance.mean - mean) / sd) > 1);
    });
    expect(body.points.some((p: Json) => p.anomaly.stance.flagged)).toBe(true);
  });

  it('says what each interval is, in the JSON and in every CSV row', async () => {
    const { body } = await get('from=2025-03-01&to=2025-03-08');
    expect(body.intervals.stance).toMatchObject({ method: 'student-t', level: 0.95 });
    expect(body.intervals.stance.description).toMatch(/n − 1 degrees of freedom/);
    expect(body.intervals.shares).toMatchObject({ method: 'wilson', level: 0.95 });
    const csv = (await get('from=2025-03-01&to=2025-03-08', 'text/csv')).body as string;
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header).toMatch(/,"stance_ci95_method","share_ci95_method","share_supportive_corrected",/);
    expect(rows.length).toBe(body.points.length);
    for (const line of rows) expect(line).toMatch(/,"student-t","wilson",{13}$/);
  });

  it('returns the same series as CSV', async () => {
    const json = (await get('from=2025-03-01&to=2025-03-08&groupBy=kind')).body;
    const csv = (await get('from=2025-03-01&to=2025-03-08&groupBy=kind', 'text/csv')).body as string;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^"key","label","bucket","n","stance_mean"/);
    const rows = json.series.flatMap((s: Json) => s.points.map((p: Json) => [s.key, p.bucket, p.n]));
    expect(lines.length - 1).toBe(rows.length);
    const [key, , bucket, n] = lines[1].split(',');
    expect([JSON.parse(key), JSON.parse(bucket), Number(n)]).toEqual(rows[0]);
  });

  it('starts the CSV with a UTF-8 byte-order mark only with bom=true, each form cached apart', async () => {
    const bytes = async (query: string, accept = 'text/csv') => {
      const response = await fetch(`${base}/api/v1/trends?${query}`, { headers: { accept } });
      return { etag: response.headers.get('etag'), body: Buffer.from(await response.arrayBuffer()) };
    };
    const plain = await bytes('from=2025-03-01&to=2025-03-08');
    const withBom = await bytes('from=2025-03-01&to=2025-03-08&bom=true');
    expect(plain.body.subarray(0, 5).toString()).toBe('"key"');
    expect([...withBom.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(withBom.body.subarray(3)).toEqual(plain.body);
    expect(withBom.etag).not.toBe(plain.etag);
    // Asked again (now from the cache), each keeps its own form.
    expect((await bytes('from=2025-03-01&to=2025-03-08')).body.equals(plain.body)).toBe(true);
    expect((await bytes('from=2025-03-01&to=2025-03-08&bom=true')).body.equals(withBom.body)).toBe(true);
    expect((await bytes('from=2025-03-01&to=2025-03-08&bom=true', 'application/json')).body[0]).toBe(0x7b);
  });

  it('answers bad requests with 400 and what to change', async () => {
    for (const [query, pattern] of [
      ['tz=Mars/Olympus', /IANA time zone/],
      ['interval=minute', /one of hour, day, week, month/],
      ['from=2025-03-10&to=2025-03-01', /earlier than to/],
      ['from=2020-01-01&to=2025-01-01&interval=hour', /at most 5000/],
      ['lens=nope', /unknown lens/],
      ['groupBy=editor', /one of none, feed, outlet/],
      ['k=-1', /number from 0.5 to 10/],
      ['from=2025-02-30', /real calendar date/],
      ["outlet=' OR 1=1 --&from=2025-03-01&to=2025-03-02", null],
    ] as const) {
      const { status, body } = await get(query);
      if (pattern === null) {
        expect(status).toBe(200);
        expect(body.points.every((p: Json) => p.n === 0)).toBe(true);
        continue;
      }
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(body.detail).toMatch(pattern);
    }
  });

  it('takes the zones PostgreSQL and the runtime agree on, and names the form for the rest', async () => {
    // Java's short ids and a zone removed from the tz database pass ICU and used to fail in SQL
    // (500); IST is an offset to ICU that PostgreSQL does not share.
    for (const tz of ['CTT', 'AET', 'BET', 'US/Pacific-New', 'IST', 'ACT']) {
      const { status, body } = await get(`tz=${encodeURIComponent(tz)}`);
      expect({ tz, status }).toEqual({ tz, status: 400 });
      expect(body.detail).toMatch(
        /^query\.tz: .*expected an IANA time zone such as "Europe\/Moscow" or "Asia\/Shanghai", or "UTC"$/,
      );
    }
    for (const tz of [
      'UTC',
      'Europe/Moscow',
      'Asia/Shanghai',
      'Asia/Kolkata',
      'Asia/Calcutta',
      'Europe/Kyiv',
      'Europe/Kiev',
      'America/New_York',
      'europe/moscow',
    ]) {
      const { status, body } = await get(`from=2025-03-01&to=2025-03-03&tz=${encodeURIComponent(tz)}`);
      expect({ tz, status }).toEqual({ tz, status: 200 });
      expect(body.points.length).toBeGreaterThanOrEqual(2); // 3 where a local day straddles from or to
    }
  });

  it('refuses a zone only for periods in which PostgreSQL and the runtime give it different offsets', async () => {
    const zoneIn = (tz: string, from: string, to: string) =>
      get(`from=${from}&to=${to}&interval=month&tz=${encodeURIComponent(tz)}`);
    const form = 'expected an IANA time zone such as "Europe/Moscow" or "Asia/Shanghai", or "UTC"';
    // PostgreSQL reads these names as abbreviations first, a fixed offset all year; ICU links them to
    // Brussels, Athens and Lisbon time, an hour more every summer.
    for (const [tz, pattern] of [
      ['CET', /^query\.tz: CET means different offsets .* between 2025-03-15 and 2025-11-01, /],
      ['MET', /^query\.tz: MET means different offsets .* between 2025-03-15 and 2025-11-01, /],
      ['EET', /^query\.tz: EET means different offsets .* between 2025-03-15 and 2025-11-01, /],
      ['WET', /^query\.tz: WET means different offsets .* between 2025-03-15 and 2025-11-01, /],
    ] as const) {
      const { status, body } = await zoneIn(tz, '2025-01-01', '2026-01-01');
      expect({ tz, status }).toEqual({ tz, status: 400 });
      expect(body.detail).toMatch(pattern);
      expect(body.detail.endsWith(form)).toBe(true);
    }
    // In winter both say +1: the buckets are right, so the zone is not refused.
    expect((await zoneIn('CET', '2025-01-01', '2025-02-01')).status).toBe(200);
    // Tijuana kept Pacific standard time in the summers of 1953-1975 to PostgreSQL, daylight time to ICU.
    const tijuana1972 = await zoneIn('America/Tijuana', '1972-01-01', '1973-01-01');
    expect(tijuana1972.status).toBe(400);
    expect(tijuana1972.body.detail).toMatch(/^query\.tz: America\/Tijuana means different offsets .* 1972-/);
    for (const [tz, from, to] of [
      ['America/Tijuana', '2020-01-01', '2025-01-01'],
      ['Europe/Moscow', '2020-01-01', '2026-01-01'],
      ['Europe/Moscow', '1800-01-01', '2026-01-01'],
      ['Asia/Shanghai', '1900-01-01', '2026-01-01'],
      ['Asia/Kolkata', '2020-01-01', '2026-01-01'],
      ['Europe/Kyiv', '1900-01-01', '2026-01-01'],
      ['America/New_York', '1900-01-01', '2026-01-01'],
    ] as const) {
      const { status } = await zoneIn(tz, from, to);
      expect({ tz, from, status }).toEqual({ tz, from, status: 200 });
    }
  });
});
