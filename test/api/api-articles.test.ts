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

  it('locates the lens terms in title and summary, where the lens matcher found them', async () => {
    const [{ feedId }] = await api.target.db.query<{ feedId: number }>(
      `SELECT feed_id AS "feedId" FROM articles WHERE id = $1`,
      [articleId],
    );
    // A soft hyphen and a stress mark before the terms: the matcher reads normalised text, the offsets are
    // in the text as stored.
    const title = 'Пу\u0301тин и Си Цзиньпин: Рос\u00ADсия и Китай';
    const summary = 'Xi Jinping met Putin; the no-limits partnership, again.';
    const [{ id }] = await api.target.db.query<{ id: number }>(
      `INSERT INTO articles (feed_id, url, url_hash, title, summary, language, published_at, published_at_source, fetched_at)
       VALUES ($1, 'https://tass.com/2', sha256('terms'::bytea), $2, $3, 'ru', now(), 'published', now()) RETURNING id`,
      [feedId, title, summary],
    );
    const article = await json(await fetch(`${api.base}/api/v1/articles/${id}`));
    const shown = (field: 'title' | 'summary') =>
      article.terms
        .filter((t: { field: string }) => t.field === field)
        .map((t: { start: number; end: number; term: string; lens: string }) => [
          (field === 'title' ? title : summary).slice(t.start, t.end),
          t.term,
          t.lens,
        ]);
    expect(shown('title')).toEqual([
      ['Пу\u0301тин', 'Путин*', 'russia-china'],
      ['Си Цзиньпин', 'Си Цзиньпин*', 'russia-china'],
      ['Рос\u00ADсия', 'Росси*', 'russia-china'],
      ['Китай', 'Китай*', 'russia-china'],
    ]);
    expect(shown('summary').map(([text]: string[]) => text)).toEqual([
      'Xi Jinping',
      'Putin',
      'no-limits partnership',
    ]);
    expect(article.terms[0]).toMatchObject({ start: 0, end: 6, group: 'sideA' });
    expect(article.story).toEqual({ copies: [], alsoIn: [] });
  });

  it('lists the other copies of its story and the other outlets that carried it', async () => {
    const feeds = await api.target.db.query<{ id: number }>(
      `INSERT INTO feeds (url, outlet, country, language, kind) VALUES
         ('https://xinhua.example/rss', 'Xinhua', 'CN', 'en', 'state'),
         ('https://wire.example/rss', 'Wire', 'INT', 'en', 'wire') RETURNING id`,
    );
    const [{ id: storyId }] = await api.target.db.query<{ id: number }>(
      `INSERT INTO stories (title_key, first_published_at) VALUES ('putin xi ties', now()) RETURNING id`,
    );
    const insert = (feedId: number, key: string) =>
      api.target.db.query<{ id: number }>(
        `INSERT INTO articles (feed_id, story_id, url, url_hash, title, language, published_at, published_at_source, fetched_at)
         VALUES ($1, $2, $3::text, sha256(convert_to($3::text, 'UTF8')), 'Putin and Xi pledge ties', 'en', now(), 'published', now()) RETURNING id`,
        [feedId, storyId, `https://copies.example/${key}`],
      );
    const [[{ id: first }], [{ id: copy }]] = [
      await insert(feeds[0].id, 'a'),
      await insert(feeds[0].id, 'b'),
    ];
    await api.target.db.query(
      `INSERT INTO feed_items (feed_id, item_key, article_id) VALUES ($1, sha256('seen'::bytea), $2)`,
      [feeds[1].id, first],
    );
    const article = await json(await fetch(`${api.base}/api/v1/articles/${first}`));
    expect(article.story.copies).toEqual([
      expect.objectContaining({ id: copy, outlet: 'Xinhua', url: 'https://copies.example/b' }),
    ]);
    expect(article.story.alsoIn).toEqual(['Wire']);
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
