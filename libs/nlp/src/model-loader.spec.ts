import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_NLI_MODEL, BUILTIN_SENTIMENT_MODEL, generateBuiltinModels } from './builtin/generate.js';
import { loadModel, ModelLoadError, type ModelLoadOptions } from './model-loader.js';
import { startRecordingHub, type RecordingHub } from './testing/recording-hub.js';

describe('loadModel', () => {
  let root: string;
  let hub: RecordingHub;
  let base: Omit<ModelLoadOptions, 'modelId'>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'stancewatch-loader-'));
    await generateBuiltinModels(join(root, 'models'));
    hub = await startRecordingHub();
    base = {
      dtype: 'q8',
      threads: 1,
      cacheDir: join(root, 'cache'),
      localModelPath: join(root, 'models'),
      offline: true,
      remoteHost: hub.url,
    };
  });
  afterAll(async () => {
    await hub.close();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(() => hub.requests.splice(0));

  it('loads the built-in NLI model offline, logs progress and reports its labels', async () => {
    const lines: string[] = [];
    const nli = await loadModel(
      'zero-shot-classification',
      { ...base, modelId: BUILTIN_NLI_MODEL },
      { info: (m) => lines.push(m) },
    );
    expect(nli.info).toEqual({
      id: BUILTIN_NLI_MODEL,
      revision: 'main',
      dtype: 'q8',
      task: 'zero-shot-classification',
      labels: ['contradiction', 'entailment', 'neutral'],
      builtin: true,
    });
    expect(lines).toContain('model ready');
    const out = (await nli.pipeline(
      'Moscow and Beijing pledge deeper friendship',
      ['positively', 'negatively'],
      {
        hypothesis_template: 'This text portrays the partnership {}.',
      },
    )) as { labels: string[] };
    expect(out.labels[0]).toBe('positively');
    expect(hub.requests).toEqual([]);
    await nli.dispose();
  });

  it('gives nearly the same answers from the int8 (q8) and float32 weights', async () => {
    const texts = ['The alliance threatens global security', 'Москва и Пекин обещают углублять дружбу'];
    const [q8, fp32] = await Promise.all(
      (['q8', 'fp32'] as const).map((dtype) =>
        loadModel('text-classification', { ...base, dtype, modelId: BUILTIN_SENTIMENT_MODEL }),
      ),
    );
    const a = (await q8.pipeline(texts)) as { label: string; score: number }[];
    const b = (await fp32.pipeline(texts)) as { label: string; score: number }[];
    expect(a.map((x) => x.label)).toEqual(['negative', 'positive']);
    expect(b.map((x) => x.label)).toEqual(a.map((x) => x.label));
    a.forEach((x, i) => expect(Math.abs(x.score - b[i].score)).toBeLessThan(0.01));
    await Promise.all([q8.dispose(), fp32.dispose()]);
  });

  it('says which dtypes the model ships when asked for one it lacks', async () => {
    const failure = loadModel('text-classification', {
      ...base,
      dtype: 'fp16',
      modelId: BUILTIN_SENTIMENT_MODEL,
    });
    await expect(failure).rejects.toThrow(ModelLoadError);
    await expect(failure).rejects.toThrow(/model_fp16\.onnx.*choose a dtype/);
  });

  it('offline, fails fast on a model it does not have, with what to do, and never calls the hub', async () => {
    const started = Date.now();
    const failure = loadModel(
      'zero-shot-classification',
      { ...base, modelId: 'someone/not-downloaded-nli' },
      { info: () => undefined },
    );
    await expect(failure).rejects.toThrow(ModelLoadError);
    await expect(failure).rejects.toThrow(/not available offline.*stancewatch models pull/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(hub.requests).toEqual([]);
  });

  it('online, does ask the hub for the same model (so the silence above means something)', async () => {
    const failure = loadModel('zero-shot-classification', {
      ...base,
      offline: false,
      modelId: 'someone/not-downloaded-nli',
    });
    await expect(failure).rejects.toThrow(ModelLoadError);
    expect(hub.requests.some((r) => r.includes('/someone/not-downloaded-nli/resolve/main/'))).toBe(true);
  });
});
