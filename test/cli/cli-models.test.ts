import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUILTIN_NLI_DEBERTA_MODEL,
  generateBuiltinModels,
  startRecordingHub,
} from '../../libs/nlp/src/index.js';
import { stancewatch } from '../support/run-cli.js';
import { testEnvironment } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('stancewatch models pull and reclassify', () => {
  const cache = mkdtempSync(join(tmpdir(), 'stancewatch-models-'));
  let target: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    target = await createTestDatabase();
    env = testEnvironment(target.url, { MODEL_CACHE_DIR: cache, MODEL_LOCAL_DIR: join(cache, 'local') });
    const [{ id: feedId }] = await target.db.query<{ id: number }>(
      `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ('https://ria.example/rss', 'RIA', 'RU', 'ru', 'state') RETURNING id`,
    );
    await target.db.query(
      `INSERT INTO articles (feed_id, url, url_hash, title, summary, language, published_at, published_at_source, fetched_at, relevance, is_relevant)
       SELECT $1, 'https://ria.example/' || i, sha256(('https://ria.example/' || i)::bytea),
         CASE WHEN i % 2 = 0 THEN 'Россия и Китай укрепляют дружбу и сотрудничество' ELSE 'Moscow and Beijing trade tensions grow' END,
         NULL, NULL, timestamptz '2025-05-01' + i * interval '1 day', 'published', now(),
         CASE WHEN i <= 10 THEN '{"russia-china": ["Россия"]}'::jsonb ELSE '{}'::jsonb END, i <= 10
       FROM generate_series(1, 12) AS i`,
      [feedId],
    );
  });

  afterAll(async () => {
    await target.drop();
  });

  it('generates the built-in model on pull, and says what to do when the hub is unreachable', async () => {
    const builtin = await stancewatch(['models', 'pull', '--model', 'builtin', '--json'], env);
    expect(builtin.code).toBe(0);
    expect(JSON.parse(builtin.stdout)).toMatchObject({
      id: 'stancewatch-builtin-nli',
      builtin: true,
      labels: ['contradiction', 'entailment', 'neutral'],
    });

    const unreachable = await stancewatch(['models', 'pull'], {
      ...env,
      NLI_MODEL: 'Xenova/nli-deberta-v3-xsmall',
      MODEL_HUB_URL: 'http://127.0.0.1:9/',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/Could not download model "Xenova\/nli-deberta-v3-xsmall"/);
    expect(unreachable.stderr).toMatch(/MODELS_OFFLINE=true/);
    expect(unreachable.stderr).not.toMatch(/\n\s+at /);
  });

  it('re-scores with another model side by side, keeping the first scores, and twice changes nothing', async () => {
    const first = await stancewatch(
      ['reclassify', '--lens', 'russia-china', '--model', 'builtin', '--json'],
      env,
    );
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ model: 'stancewatch-builtin-nli', scored: 10 });

    // Any folder in Hugging Face layout is a model: here a copy of the built-in one under another name.
    cpSync(join(cache, 'builtin', 'stancewatch-builtin-nli'), join(cache, 'local', 'alt-nli'), {
      recursive: true,
    });
    const since = await stancewatch(
      ['reclassify', '--lens', 'russia-china', '--model', 'alt-nli', '--since', '2025-05-06', '--json'],
      env,
    );
    expect(since.code).toBe(0);
    // Published 2025-05-02 … 05-11: six of the ten relevant articles are from 05-06 on.
    expect(JSON.parse(since.stdout)).toMatchObject({ model: 'alt-nli', scored: 6 });
    const again = await stancewatch(
      ['reclassify', '--lens', 'russia-china', '--model', 'alt-nli', '--since', '2025-05-06', '--json'],
      env,
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ scored: 0 });

    const rows = await target.db.query<{ model: string; n: number }>(
      `SELECT model, count(*)::int AS n FROM article_scores GROUP BY model ORDER BY model`,
    );
    expect(rows).toEqual([
      { model: 'alt-nli', n: 6 },
      { model: 'stancewatch-builtin-nli', n: 10 },
    ]);
  });

  it('refuses an unknown lens or a bad date with what to change', async () => {
    const lens = await stancewatch(['reclassify', '--lens', 'nope', '--model', 'builtin'], env);
    expect(lens.code).toBe(2);
    expect(lens.stderr).toMatch(/unknown lens "nope"; available: russia-china/);
    const date = await stancewatch(
      ['reclassify', '--lens', 'russia-china', '--model', 'builtin', '--since', 'yesterday'],
      env,
    );
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/--since must be a date/);
  });

  it("pulls the default models, one in mDeBERTa's layout under its id, then scores with them offline", async () => {
    // The hub is unreachable here: a local hub serves the built-in NLI model in DeBERTa-v2's layout
    // under the multilingual model's id, so the path a real pull takes is the one tested.
    const MDEBERTA = 'Xenova/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7';
    const generated = await generateBuiltinModels(join(cache, 'served'));
    const hub = await startRecordingHub({ [MDEBERTA]: join(generated.root, BUILTIN_NLI_DEBERTA_MODEL) });
    try {
      // The defaults: NLI_MODEL and SENTIMENT_MODEL unset (the test environment sets them to builtin).
      const { NLI_MODEL: _nli, SENTIMENT_MODEL: _sentiment, ...rest } = env;
      const hubEnv = { ...rest, MODEL_HUB_URL: hub.url, MODEL_CACHE_DIR: join(cache, 'pulled') };
      const pull = await stancewatch(['models', 'pull', '--json'], hubEnv);
      expect(pull.stderr).not.toMatch(/\n\s+at /);
      expect(pull.code).toBe(0);
      expect(JSON.parse(pull.stdout)).toMatchObject({
        id: MDEBERTA,
        task: 'zero-shot-classification',
        dtype: 'q8',
        labels: ['contradiction', 'entailment', 'neutral'],
      });
      const fetched = hub.requests.map((request) =>
        request.replace(/^(GET|HEAD) \/[^]+?\/resolve\/[^/]+\//, ''),
      );
      expect([...new Set(fetched)].sort()).toEqual([
        'config.json',
        'onnx/model_quantized.onnx',
        'tokenizer.json',
        'tokenizer_config.json',
      ]);

      const before = hub.requests.length;
      // reclassify builds the worker's classify module: the models load as a classify worker loads them.
      const offline = await stancewatch(
        ['reclassify', '--lens', 'russia-china', '--model', MDEBERTA, '--json'],
        {
          ...hubEnv,
          MODELS_OFFLINE: 'true',
        },
      );
      expect(offline.stderr).not.toMatch(/\n\s+at /);
      expect(offline.code).toBe(0);
      expect(JSON.parse(offline.stdout)).toMatchObject({ model: MDEBERTA, scored: 10 });
      expect(hub.requests.length).toBe(before);
      const [row] = await target.db.query<{ sentiment: string }>(
        `SELECT DISTINCT sentiment_model AS sentiment FROM article_scores WHERE model = $1`,
        [MDEBERTA],
      );
      expect(row.sentiment).toBe(MDEBERTA);
    } finally {
      await hub.close();
    }
  });

  it('pulls the sentence encoder train uses, and train then fits on it offline from the cache', async () => {
    // The built-in encoder served under TRAIN_ENCODER's default id: train finds its files where the
    // loader cached the download, as it would a real hub encoder's.
    const ENCODER = 'Xenova/paraphrase-multilingual-MiniLM-L12-v2';
    const generated = await generateBuiltinModels(join(cache, 'served-encoder'));
    const hub = await startRecordingHub({ [ENCODER]: generated.encoderDir });
    try {
      const { NLI_MODEL: _nli, SENTIMENT_MODEL: _sentiment, ...rest } = env;
      const hubEnv = { ...rest, MODEL_HUB_URL: hub.url, MODEL_CACHE_DIR: join(cache, 'pulled-encoder') };
      const pull = await stancewatch(['models', 'pull', '--encoder', '--json'], hubEnv);
      expect(pull.stderr).not.toMatch(/\n\s+at /);
      expect(pull.code).toBe(0);
      expect(JSON.parse(pull.stdout)).toMatchObject({ id: ENCODER, task: 'feature-extraction', dtype: 'q8' });

      const before = hub.requests.length;
      const trained = await stancewatch(
        [
          'train',
          '--name',
          'hub-encoder',
          '--file',
          'eval/stance-eval.jsonl',
          '--baseline',
          'none',
          '--json',
        ],
        { ...hubEnv, MODELS_OFFLINE: 'true' },
      );
      expect(trained).toMatchObject({ code: 0 });
      expect(JSON.parse(trained.stdout)).toMatchObject({
        model: 'trained/hub-encoder',
        encoder: { id: ENCODER, revision: 'main', dtype: 'q8' },
        labels: { total: 186 },
      });
      expect(hub.requests.length).toBe(before);
    } finally {
      await hub.close();
    }
  });
});
