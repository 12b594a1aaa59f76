import { LabelRepository } from '../../libs/scoring/src/index.js';
import type { StanceLabel } from '../../libs/lens/src/index.js';
import {
  insertFeed,
  insertScored,
  LENS,
  MODEL,
  minutesAfter,
  type ScoredDraft,
} from '../support/alert-archive.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read field by field
type Json = any;

const LABELLED_DAY = new Date('2025-04-01T00:00:00Z');
const TREND_DAY = new Date('2025-04-10T00:00:00Z');
const TREND = `lens=${LENS}&model=${MODEL}&from=2025-04-10&to=2025-04-11&interval=day`;

/** `count` articles the model labelled `predicted`, in `language`, on `day`. */
const drafts = (count: number, predicted: StanceLabel, language: string, day: Date): ScoredDraft[] =>
  Array.from({ length: count }, (_, i) => ({
    publishedAt: minutesAfter(day, i % 1000),
    label: predicted,
    language,
  }));

describe('GET /api/v1/trends?correction=acc|pacc: shares corrected for the confusion measured on the gold labels', () => {
  const api = apiOnItsOwnDatabase({ RATE_LIMIT_PER_MINUTE: '1000000' });
  let labels: LabelRepository;
  let feed: number;

  /** Gold-labels articles the model labelled `predicted` as `gold`, as the annotator alice. */
  async function labelled(gold: StanceLabel, predicted: StanceLabel, count: number, language: string) {
    const ids = await insertScored(api.target.db, feed, drafts(count, predicted, language, LABELLED_DAY));
    for (const articleId of ids)
      await labels.put({ articleId, lens: LENS, annotator: 'alice', label: gold, note: null });
  }

  beforeAll(async () => {
    labels = new LabelRepository(api.target.db);
    feed = await insertFeed(api.target.db, 'TASS');
    // The day's English articles as the model labels them: M·(0.5, 0.3, 0.2) of 200 with the M below.
    await insertScored(api.target.db, feed, [
      ...drafts(91, 'supportive', 'en', TREND_DAY),
      ...drafts(54, 'neutral', 'en', TREND_DAY),
      ...drafts(55, 'critical', 'en', TREND_DAY),
    ]);
    // Its Russian articles, read by a model that makes no mistakes in Russian: shares (0.1, 0.2, 0.7).
    await insertScored(api.target.db, feed, [
      ...drafts(10, 'supportive', 'ru', TREND_DAY),
      ...drafts(20, 'neutral', 'ru', TREND_DAY),
      ...drafts(70, 'critical', 'ru', TREND_DAY),
    ]);
  });

  const trend = async (query: string, accept = 'application/json') => {
    const response = await fetch(`${api.base}/api/v1/trends?${TREND}&${query}`, { headers: { accept } });
    return {
      status: response.status,
      body: accept === 'text/csv' ? await response.text() : ((await response.json()) as Json),
    };
  };

  it('says why it does not correct without enough gold labels, and leaves the raw shares alone', async () => {
    const { status, body } = await trend('correction=acc');
    expect(status).toBe(200);
    expect(body.correction).toMatchObject({ method: 'acc', applied: false, minLabelsPerClass: 10 });
    expect(body.correction.reason).toMatch(
      /only 0 gold label\(s\) of the class supportive .* fewer than the 10 each class needs: label more/,
    );
    expect(body.points[0].shares.supportive.corrected).toBeUndefined();
    expect(body.points[0].stance.corrected).toBeUndefined();
    expect(body.points[0].shares.supportive.share).toBeCloseTo(101 / 300, 9);
    // Without correction= there is no correction block at all.
    expect((await trend('')).body.correction).toBeUndefined();
  });

  it('recovers the true shares per language and weights them by articles, with intervals around them', async () => {
    // English: M = [[.8, .15, .05], [.1, .7, .05], [.1, .15, .9]] (columns: gold supportive, neutral, critical).
    await labelled('supportive', 'supportive', 16, 'en');
    await labelled('supportive', 'neutral', 2, 'en');
    await labelled('supportive', 'critical', 2, 'en');
    await labelled('neutral', 'supportive', 3, 'en');
    await labelled('neutral', 'neutral', 14, 'en');
    await labelled('neutral', 'critical', 3, 'en');
    await labelled('critical', 'supportive', 1, 'en');
    await labelled('critical', 'neutral', 1, 'en');
    await labelled('critical', 'critical', 18, 'en');
    // Russian: right every time.
    for (const label of ['supportive', 'neutral', 'critical'] as const)
      await labelled(label, label, 10, 'ru');

    const byLanguage = (await trend('correction=acc&groupBy=language')).body;
    expect(byLanguage.correction).toMatchObject({
      applied: true,
      labelCounts: {
        all: { supportive: 30, neutral: 30, critical: 30 },
        byLanguage: {
          en: { supportive: 20, neutral: 20, critical: 20 },
          ru: { supportive: 10, neutral: 10, critical: 10 },
        },
      },
      confusion: { byLanguage: { en: { uses: 'own' }, ru: { uses: 'own' } }, otherLanguages: 'pooled' },
    });
    expect(byLanguage.correction.confusion.byLanguage.en.rates).toEqual([
      [0.8, 0.15, 0.05],
      [0.1, 0.7, 0.05],
      [0.1, 0.15, 0.9],
    ]);
    const series = Object.fromEntries(byLanguage.series.map((s: Json) => [s.key, s.points[0]]));
    const shares = (point: Json) =>
      ['supportive', 'neutral', 'critical'].map((l) => point.shares[l].corrected.share);
    shares(series.en).forEach((share, i) => expect(share).toBeCloseTo([0.5, 0.3, 0.2][i], 6));
    shares(series.ru).forEach((share, i) => expect(share).toBeCloseTo([0.1, 0.2, 0.7][i], 6));
    expect(series.en.stance.corrected.mean).toBeCloseTo(0.3, 6);
    expect(series.en.stance.corrected.uncorrected).toBeCloseTo((91 - 55) / 200, 9);

    const pooled = (await trend('correction=acc')).body.points[0];
    // (200·(.5, .3, .2) + 100·(.1, .2, .7)) / 300
    shares(pooled).forEach((share, i) => expect(share).toBeCloseTo([110 / 300, 80 / 300, 110 / 300][i], 6));
    for (const label of ['supportive', 'neutral', 'critical']) {
      const { share, ci95 } = pooled.shares[label].corrected;
      expect(ci95[0]).toBeLessThanOrEqual(share);
      expect(ci95[1]).toBeGreaterThanOrEqual(share);
      expect(ci95[1] - ci95[0]).toBeGreaterThan(0.01);
    }
    // The raw shares are still there beside the corrected ones.
    expect(pooled.shares.supportive.share).toBeCloseTo(101 / 300, 9);
  });

  it('corrects with the class probabilities too (pacc), which these scores make agree with acc', async () => {
    // Every score puts 0.9 on its label and 0.05 elsewhere: M_pacc = 0.05 + 0.85·M and q_pacc = 0.05 + 0.85·q.
    const { body } = await trend('correction=pacc&groupBy=language');
    expect(body.correction).toMatchObject({ method: 'pacc', applied: true });
    const en = body.series.find((s: Json) => s.key === 'en').points[0];
    ['supportive', 'neutral', 'critical'].forEach((label, i) =>
      expect(en.shares[label].corrected.share).toBeCloseTo([0.5, 0.3, 0.2][i], 5),
    );
    expect(body.correction.description).toMatch(/Probabilistic adjusted classify-and-count/);
  });

  it('uses the pooled matrix for a language without enough labels of its own, and says so', async () => {
    const zh = await insertScored(api.target.db, feed, drafts(30, 'neutral', 'zh', TREND_DAY));
    await labels.put({ articleId: zh[0], lens: LENS, annotator: 'alice', label: 'neutral', note: null });
    const { body } = await trend('correction=acc&groupBy=language');
    expect(body.correction.confusion.byLanguage.zh).toEqual({
      uses: 'pooled',
      why: '0 gold label(s) of the class supportive, fewer than 10',
    });
    const zhPoint = body.series.find((s: Json) => s.key === 'zh').points[0];
    expect(zhPoint.shares.neutral.corrected.share).toBeGreaterThan(0.5);
  });

  it('sees new labels at once (they move the trend data version), and writes the corrected figures to CSV', async () => {
    const before = (await trend('correction=acc')).body.correction.labelCounts.all.neutral;
    const [extra] = await insertScored(api.target.db, feed, drafts(1, 'neutral', 'en', LABELLED_DAY));
    await labels.put({ articleId: extra, lens: LENS, annotator: 'alice', label: 'neutral', note: null });
    expect((await trend('correction=acc')).body.correction.labelCounts.all.neutral).toBe(before + 1);

    const csv = (await trend('correction=acc', 'text/csv')).body as string;
    const [header, row] = csv.trim().split('\r\n');
    const columns = header.split(',').map((c) => JSON.parse(c));
    const cells = row.split(',');
    const at = (name: string) => Number(cells[columns.indexOf(name)]);
    expect(at('share_supportive_corrected')).toBeGreaterThan(0.3);
    expect(at('stance_index_corrected_ci95_low')).toBeLessThan(at('stance_index_corrected'));
    expect(at('stance_index_uncorrected')).toBeCloseTo((101 - 125) / 330, 6);
  });

  it('answers a bad correction or one too large to correct with 400 and what to change', async () => {
    const bad = await trend('correction=magic');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/query\.correction: expected one of none, acc, pacc/);
    const large = await fetch(
      `${api.base}/api/v1/trends?lens=${LENS}&model=${MODEL}&from=2025-01-01&to=2025-05-01&interval=hour&groupBy=language&correction=acc`,
    );
    expect(large.status).toBe(400);
    expect(((await large.json()) as Json).detail).toMatch(
      /a corrected trend of \d+ points; at most 5000: narrow from\/to/,
    );
  });
});
