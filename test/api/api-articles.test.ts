import { ModelRepository, ScoreRepository } from '../../libs/scoring/src/index.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
const json = async (response: Response): Promise<any> => response.json();

describe('articles and models API', () => {
  const api = apiOnItsOwnDatabase();
  let articleId: number;

  beforeAll(async () => {
    const [{ id: feedId }] = await api.target.db.query<{ id: number }>(
      `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ('https://tass.com/rss/v2.xml', 'TASS', 'RU', 'en', 'state') RETURNING id`,
    );
    [{ id: articleId }] = await api.target.db.query<{ id: number }>(
      `INSERT INTO articles (feed_id, url, url_hash, title, summary, language, published_at, published_at_source, fetched_at, relevance, is_relevant)
       VALUES ($1, 'https://tass.com/1', sha256('x'::bytea), 'Putin and Xi pledge deeper ties', 'Leaders met in Moscow.', 'en',
         '2025-05-08T14:20:00Z', 'published', now(), '{"russia-china": ["Putin", "Xi"]}', true) RETURNING id`,
      [feedId],
    );
  });

  const score = (model: string, stance: number) => ({
    articleId,
    lens: 'russia-china',
    model,
    modelRevision: 'main',
    stanceLabel: 'supportive' as const,
    pSupportive: 0.7,
    pNeutral: 0.2,
    pCritical: 0.1,
    stanceScore: stance,
    sentimentModel: 'stancewatch-builtin-sentiment',
    sentimentLabel: 'positive' as const,
    sentimentScore: 0.5,
    pCooperation: 0.8,
    pConflict: 0.2,
    framingScore: 0.6,
  });

  it('shows an article with its scores per lens and model, side by side', async () => {
    const scores = new ScoreRepository(api.target.db);
    await scores.insertScores([score('stancewatch-builtin-nli', 0.6)]);
    await scores.insertScores([
      score('Xenova/nli-deberta-v3-xsmall', 0.4),
      score('stancewatch-builtin-nli', -0.9),
    ]);
    const response = await fetch(`${api.base}/api/v1/articles/${articleId}`);
    expect(response.status).toBe(200);
    const article = await json(response);
    expect(article).toMatchObject({
      id: articleId,
      title: 'Putin and Xi pledge deeper ties',
      outlet: 'TASS',
      language: 'en',
    });
    expect(article.publishedAt).toBe('2025-05-08T14:20:00.000Z');
    const byModel = Object.fromEntries(article.scores.map((s: { model: { id: string } }) => [s.model.id, s]));
    expect(Object.keys(byModel).sort()).toEqual(['Xenova/nli-deberta-v3-xsmall', 'stancewatch-builtin-nli']);
    // The second insert of the same (article, lens, model) changed nothing.
    expect(byModel['stancewatch-builtin-nli'].stance.score).toBeCloseTo(0.6, 5);
    expect(byModel['stancewatch-builtin-nli'].stance.probs).toEqual({
      supportive: expect.closeTo(0.7, 5),
      neutral: expect.closeTo(0.2, 5),
      critical: expect.closeTo(0.1, 5),
    });
    expect((await fetch(`${api.base}/api/v1/articles/0`)).status).toBe(400);
    expect((await fetch(`${api.base}/api/v1/articles/987654`)).status).toBe(404);
  });

  it('names the models in use per task and says when it is the built-in model', async () => {
    const before = await json(await fetch(`${api.base}/api/v1/models`));
    expect(
      before.models.map((m: { task: string; id: string; loaded: boolean; builtin: boolean }) => [
        m.task,
        m.id,
        m.loaded,
        m.builtin,
      ]),
    ).toEqual([
      ['stance', 'stancewatch-builtin-nli', false, true],
      ['sentiment', 'stancewatch-builtin-sentiment', false, true],
    ]);
    await new ModelRepository(api.target.db).recordLoaded({
      id: 'stancewatch-builtin-nli',
      task: 'zero-shot-classification',
      revision: 'main',
      dtype: 'q8',
      labels: ['contradiction', 'entailment', 'neutral'],
      builtin: true,
    });
    const after = await json(await fetch(`${api.base}/api/v1/models`));
    expect(after.models[0]).toMatchObject({
      task: 'stance',
      loaded: true,
      dtype: 'q8',
      labels: ['contradiction', 'entailment', 'neutral'],
    });
  });
});

describe('GET /api/v1/models with SENTIMENT_MODEL=nli', () => {
  const api = apiOnItsOwnDatabase({
    SENTIMENT_MODEL: 'nli',
    NLI_MODEL: 'Xenova/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7',
  });

  it('names the stance model as the sentiment model too: one instrument', async () => {
    const { models } = await json(await fetch(`${api.base}/api/v1/models`));
    expect(models.map((m: { task: string; id: string }) => [m.task, m.id])).toEqual([
      ['stance', 'Xenova/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7'],
      ['sentiment', 'Xenova/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7'],
    ]);
  });
});
