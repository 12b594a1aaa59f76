import { ApiKeyRepository } from '../../libs/db/src/index.js';
import { ScoreRepository } from '../../libs/scoring/src/index.js';
import { insertFeed, insertScored, LENS, MODEL, minutesAfter } from '../support/alert-archive.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read field by field
type Json = any;

const OTHER_MODEL = 'model-b';

describe('GET /api/v1/validation: a model against the gold labels, per language and kind, two models side by side', () => {
  const api = apiOnItsOwnDatabase({ RATE_LIMIT_PER_MINUTE: '1000000' });
  let articles: number[];

  beforeAll(async () => {
    const keys = new ApiKeyRepository(api.target.db);
    const alice = (await keys.create('alice', ['annotate'])).key;
    const bob = (await keys.create('bob', ['annotate'])).key;
    const feed = await insertFeed(api.target.db, 'TASS');
    const start = new Date('2025-04-01T00:00:00Z');
    // model-a's labels, and each article's language.
    const predicted = [
      ['supportive', 'en'],
      ['supportive', 'en'],
      ['neutral', 'ru'],
      ['critical', 'ru'],
      ['critical', 'en'],
      ['neutral', 'zh'],
      ['neutral', 'en'],
    ] as const;
    articles = await insertScored(
      api.target.db,
      feed,
      predicted.map(([label, language], i) => ({ publishedAt: minutesAfter(start, i), label, language })),
    );
    // Article 6 was labelled but model-a has not scored it; model-b scored every article as neutral.
    await api.target.db.query(`DELETE FROM article_scores WHERE article_id = $1 AND model = $2`, [
      articles[6],
      MODEL,
    ]);
    await new ScoreRepository(api.target.db).insertScores(
      articles.map((articleId) => ({
        articleId,
        lens: LENS,
        model: OTHER_MODEL,
        modelRevision: 'main',
        stanceLabel: 'neutral',
        pSupportive: 0.25,
        pNeutral: 0.5,
        pCritical: 0.25,
        stanceScore: 0,
        sentimentModel: 'sentiment-model',
        sentimentLabel: 'neutral',
        sentimentScore: 0,
        pCooperation: 0.5,
        pConflict: 0.5,
        framingScore: 0,
      })),
    );
    const gold: [number, string, string][] = [
      [0, alice, 'supportive'],
      [0, bob, 'supportive'],
      [1, alice, 'critical'],
      [2, alice, 'neutral'],
      [2, bob, 'critical'],
      [3, alice, 'critical'],
      [3, bob, 'critical'],
      [4, alice, 'neutral'],
      [5, alice, 'neutral'],
      [6, alice, 'supportive'],
    ];
    for (const [i, key, label] of gold) {
      const response = await fetch(`${api.base}/api/v1/articles/${articles[i]}/labels`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ lens: LENS, label }),
      });
      expect(response.status).toBe(200);
    }
  });

  const validation = async (query: string) => {
    const response = await fetch(`${api.base}/api/v1/validation?lens=${LENS}&${query}`);
    return { status: response.status, body: (await response.json()) as Json };
  };

  it('compares the gold labels with one model: confusion, per-class figures, accuracy and macro-F1 by hand', async () => {
    const { status, body } = await validation(`model=${MODEL}`);
    expect(status).toBe(200);
    // Gold: 0 S, 1 C, 2 disputed (N against C), 3 C, 4 N, 5 N, 6 S (unscored by model-a).
    expect(body).toMatchObject({
      lens: LENS,
      model: MODEL,
      annotator: null,
      n: 5,
      correct: 3,
      disputed: 1,
      unscored: 1,
    });
    expect(body.accuracy).toBeCloseTo(3 / 5, 12);
    expect(body.confusion).toEqual({
      supportive: { supportive: 1, neutral: 0, critical: 0 },
      neutral: { supportive: 0, neutral: 1, critical: 1 },
      critical: { supportive: 1, neutral: 0, critical: 1 },
    });
    expect(body.perClass.supportive).toMatchObject({ precision: 0.5, recall: 1, support: 1, predicted: 2 });
    expect(body.perClass.neutral).toMatchObject({ precision: 1, recall: 0.5, support: 2, predicted: 1 });
    expect(body.perClass.critical).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(body.macroF1.value).toBeCloseTo((2 / 3 + 2 / 3 + 0.5) / 3, 6);
    const [low, high] = body.macroF1.ci95;
    expect(low).toBeLessThanOrEqual(body.macroF1.value);
    expect(high).toBeGreaterThanOrEqual(body.macroF1.value);
    expect(body.calibration.bins).toHaveLength(10);
    // Every scored article had 0.9 on its label: all in the top bin, 3 of 5 right.
    expect(body.calibration.bins[9]).toMatchObject({ n: 5, accuracy: 0.6 });
    expect(body.calibration.ece).toBeCloseTo(0.3, 5);
    expect(body.methods.macroF1).toMatch(/bootstrap/);
    // Two annotators labelled articles 0, 2 and 3: they agree on two of three.
    expect(body.agreement).toMatchObject({ units: 3, values: 6 });
  });

  it('splits the figures by article language and kind of outlet', async () => {
    const { body } = await validation(`model=${MODEL}`);
    expect(Object.keys(body.byLanguage)).toEqual(['en', 'ru', 'zh']);
    expect(body.byLanguage.en).toMatchObject({ n: 3, correct: 1 });
    expect(body.byLanguage.ru).toMatchObject({ n: 1, correct: 1, macroF1: { ci95: null } });
    expect(body.byLanguage.zh).toMatchObject({ n: 1, correct: 1 });
    expect(Object.keys(body.byKind)).toEqual(['state']);
    expect(body.byKind.state).toMatchObject({ n: 5, correct: 3 });
  });

  it('validates a second model on the same gold set, and lists both', async () => {
    const { body } = await validation(`model=${OTHER_MODEL}`);
    expect(body).toMatchObject({ model: OTHER_MODEL, n: 6, correct: 2, disputed: 1, unscored: 0 });
    expect(body.perClass.neutral).toMatchObject({ recall: 1, predicted: 6 });
    expect(body.models).toEqual([
      { model: OTHER_MODEL, scored: 7 },
      { model: MODEL, scored: 6 },
    ]);
  });

  it("validates against one annotator's labels alone", async () => {
    const { body } = await validation(`model=${MODEL}&annotator=bob`);
    // bob: 0 S (right), 2 C (model-a said neutral), 3 C (right).
    expect(body).toMatchObject({ annotator: 'bob', n: 3, correct: 2, disputed: 0, unscored: 0 });
    expect(body.agreement.units).toBe(0);
  });

  it('answers an unknown lens or parameter with 400 and what to change', async () => {
    const unknownLens = await fetch(`${api.base}/api/v1/validation?lens=nope`);
    expect(unknownLens.status).toBe(400);
    expect(((await unknownLens.json()) as Json).detail).toMatch(
      /unknown lens; available lenses: russia-china/,
    );
    const unknownParameter = await fetch(`${api.base}/api/v1/validation?modle=x`);
    expect(((await unknownParameter.json()) as Json).detail).toMatch(/unknown parameter "modle"/);
    const none = await validation('model=never-ran');
    expect(none.body).toMatchObject({
      n: 0,
      accuracy: null,
      macroF1: { value: null, ci95: null },
      unscored: 6,
    });
  });
});
