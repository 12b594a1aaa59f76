import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUILTIN_NLI_MODEL,
  BUILTIN_SENTIMENT_MODEL,
  ensureBuiltinModels,
  loadModel,
  StanceClassifier,
  type LoadedModel,
  type ModelLoadOptions,
  HEADLINES,
  TEST_LENS,
  startRecordingHub,
  type RecordingHub,
  StanceModels,
} from '../../libs/nlp/src/index.js';
import { testConfig, TEST_MODEL_CACHE } from '../support/test-config.js';

/** The path a worker takes at start-up: make the built-in models if needed, load them offline, classify. */
describe('built-in models through the one loading path, offline', () => {
  let cacheRoot: string;
  let hub: RecordingHub;
  let nli: LoadedModel<'zero-shot-classification'>;
  let sentiment: LoadedModel<'text-classification'>;

  beforeAll(async () => {
    cacheRoot = await mkdtemp(join(tmpdir(), 'stancewatch-nlp-it-'));
    hub = await startRecordingHub();
    const builtin = await ensureBuiltinModels(join(cacheRoot, 'models', 'builtin'));
    const options: Omit<ModelLoadOptions, 'modelId'> = {
      dtype: 'q8',
      threads: 1,
      cacheDir: join(cacheRoot, 'hub'),
      localModelPath: builtin.root,
      offline: true,
      remoteHost: hub.url,
    };
    nli = await loadModel('zero-shot-classification', { ...options, modelId: BUILTIN_NLI_MODEL });
    sentiment = await loadModel('text-classification', { ...options, modelId: BUILTIN_SENTIMENT_MODEL });
  });
  afterAll(async () => {
    await Promise.all([nli?.dispose(), sentiment?.dispose()]);
    await hub.close();
    await rm(cacheRoot, { recursive: true, force: true });
  });

  it('names the models as built-in', () => {
    expect(nli.info).toMatchObject({ id: BUILTIN_NLI_MODEL, builtin: true, dtype: 'q8' });
    expect(sentiment.info).toMatchObject({
      id: BUILTIN_SENTIMENT_MODEL,
      builtin: true,
      labels: ['negative', 'neutral', 'positive'],
    });
  });

  it.each([8, 32])(
    'scores every headline in its labelled direction, batches of %i matching the stock pipeline',
    async (batchSize) => {
      const classifier = new StanceClassifier(nli, sentiment, TEST_LENS, { batchSize });
      const batched = await classifier.classify(HEADLINES);
      const stock = await classifier.classifyWithStockPipeline(HEADLINES);
      HEADLINES.forEach((headline, i) => {
        expect({ text: headline.text, label: batched[i].stance.label }).toEqual({
          text: headline.text,
          label: headline.stance,
        });
        expect(Math.abs(batched[i].stance.probs.supportive - stock[i].stance.probs.supportive)).toBeLessThan(
          1e-4,
        );
        expect(Math.abs(batched[i].stance.probs.critical - stock[i].stance.probs.critical)).toBeLessThan(
          1e-4,
        );
        expect(Math.abs(batched[i].framing.score - stock[i].framing.score)).toBeLessThan(1e-4);
      });
    },
  );

  it('scores sentiment with the stance model itself when SENTIMENT_MODEL=nli, and records it as the sentiment model', async () => {
    const settings = testConfig('postgres://unused', {
      SENTIMENT_MODEL: 'nli',
      MODEL_CACHE_DIR: TEST_MODEL_CACHE,
    }).models;
    const models = new StanceModels(settings);
    try {
      expect((await models.preload()).map((info) => [info.id, info.task])).toEqual([
        [BUILTIN_NLI_MODEL, 'zero-shot-classification'],
      ]);
      const scorer = await models.scorer(TEST_LENS);
      expect(scorer.models.sentiment.id).toBe(BUILTIN_NLI_MODEL);
      const scored = await scorer.score(HEADLINES);
      expect(new Set(scored.map((s) => `${s.model.id} ${s.sentimentModel.id}`))).toEqual(
        new Set([`${BUILTIN_NLI_MODEL} ${BUILTIN_NLI_MODEL}`]),
      );
      const tone = (stance: string) =>
        scored.filter((_, i) => HEADLINES[i].stance === stance).map((s) => s.sentiment.score);
      expect(Math.min(...tone('supportive'))).toBeGreaterThan(Math.max(...tone('critical')));
    } finally {
      await models.dispose();
    }
  });

  it('never touched the network', () => {
    expect(hub.requests).toEqual([]);
  });
});
