import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STANCE_LABELS, type StanceLabel } from '../../../lens/src/index.js';
import { BUILTIN_ENCODER_MODEL, generateBuiltinModels } from '../builtin/generate.js';
import { loadModel, type ModelLoadOptions } from '../model-loader.js';
import { startRecordingHub, type RecordingHub } from '../testing/recording-hub.js';
import { fitFinal } from './cross-validation.js';
import { predictProbabilities } from './logistic-regression.js';
import { trainClassifier, TrainingError, type LabelledExample } from './train-classifier.js';

const EVAL_FILE = fileURLToPath(new URL('../../../../eval/stance-eval.jsonl', import.meta.url));
const examples: LabelledExample[] = readFileSync(EVAL_FILE, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

describe('trainClassifier on the built-in encoder', () => {
  let root: string;
  let hub: RecordingHub;
  let encoderOptions: ModelLoadOptions;
  const modelRoot = () => join(root, 'local');

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'stancewatch-train-'));
    await generateBuiltinModels(join(root, 'builtin'));
    // Remote models are off for every load below; a hub that answers nothing shows none was tried.
    hub = await startRecordingHub();
    encoderOptions = {
      modelId: BUILTIN_ENCODER_MODEL,
      dtype: 'q8',
      threads: 1,
      cacheDir: join(root, 'cache'),
      localModelPath: join(root, 'builtin'),
      offline: true,
      remoteHost: hub.url,
    };
  });
  afterAll(async () => {
    await hub.close();
    await rm(root, { recursive: true, force: true });
  });

  async function train(name: string, options: ModelLoadOptions = encoderOptions) {
    const encoder = await loadModel('feature-extraction', options);
    try {
      return await trainClassifier({
        name,
        lens: 'russia-china',
        source: 'eval/stance-eval.jsonl',
        examples,
        folds: 5,
        seed: 'spec',
        modelRoot: modelRoot(),
        encoder: { model: encoder, options },
      });
    } finally {
      await encoder.dispose();
    }
  }

  it('writes a folder that pipeline("text-classification") loads offline, scoring as the fitted head does', async () => {
    const report = await train('eval-head');
    expect(report.model).toBe('trained/eval-head');
    expect(report.labels).toEqual({
      total: 186,
      byClass: { supportive: 63, neutral: 60, critical: 63 },
      byLanguage: { en: 62, ru: 62, zh: 62 },
    });
    // Learned something: above chance (1/3) on texts each head never saw.
    expect(report.crossValidated.trained.macroF1).toBeGreaterThan(0.36);
    expect(Object.keys(report.crossValidated.trained.byLanguage).sort()).toEqual(['en', 'ru', 'zh']);
    expect(report.crossValidated.trained.perFold).toHaveLength(5);

    const folder = join(modelRoot(), 'trained', 'eval-head');
    expect((await readdir(folder)).sort()).toEqual(
      [
        'README.md',
        'config.json',
        'onnx',
        'special_tokens_map.json',
        'tokenizer.json',
        'tokenizer_config.json',
      ].sort(),
    );
    const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8'));
    expect(config.id2label).toEqual({ 0: 'supportive', 1: 'neutral', 2: 'critical' });
    expect(config.stancewatch.trained).toMatchObject({
      lens: 'russia-china',
      encoder: { id: BUILTIN_ENCODER_MODEL, revision: 'main', dtype: 'q8', builtin: true },
      labels: { total: 186 },
      cross_validated: { trained: { macroF1: report.crossValidated.trained.macroF1 } },
    });
    expect(await readFile(join(folder, 'README.md'), 'utf8')).toMatch(/# trained\/eval-head[\s\S]*macro-F1/);

    for (const dtype of ['q8', 'fp32'] as const) {
      const options = { ...encoderOptions, dtype };
      const classifier = await loadModel('text-classification', {
        ...options,
        modelId: 'trained/eval-head',
        localModelPath: modelRoot(),
      });
      const encoder = await loadModel('feature-extraction', options);
      expect(classifier.info).toMatchObject({ id: 'trained/eval-head', labels: [...STANCE_LABELS] });
      // The head fitted here on the encoder's embeddings is the one in the graph (same data, same seed).
      const texts = examples.map((e) => e.text);
      const embedded = await encoder.pipeline(texts, { pooling: 'mean', normalize: true });
      const features = Float64Array.from(embedded.data as Float32Array);
      const { head } = fitFinal(
        {
          features,
          dims: embedded.dims[1],
          labels: Int32Array.from(examples, (e) => STANCE_LABELS.indexOf(e.label as StanceLabel)),
          classes: 3,
        },
        'spec',
      );
      const expected = predictProbabilities(head, features);
      const scored = await classifier.pipeline(texts.slice(0, 12), { top_k: null });
      scored.forEach((labels, i) => {
        for (const { label, score } of labels as { label: string; score: number }[]) {
          const c = STANCE_LABELS.indexOf(label as StanceLabel);
          expect(Math.abs(score - expected[i * 3 + c])).toBeLessThan(dtype === 'fp32' ? 1e-4 : 2e-3);
        }
      });
      await classifier.dispose();
      await encoder.dispose();
    }
    expect(hub.requests).toEqual([]);
  });

  it('refuses a name that exists, and leaves that folder as it was', async () => {
    await train('taken');
    const before = await readFile(join(modelRoot(), 'trained', 'taken', 'config.json'), 'utf8');
    await expect(train('taken')).rejects.toThrow(/trained\/taken exists .*choose another --name/);
    expect(await readFile(join(modelRoot(), 'trained', 'taken', 'config.json'), 'utf8')).toBe(before);
  });

  it('refuses a name that is not one plain folder name', async () => {
    await expect(train('../escape')).rejects.toThrow(TrainingError);
    await expect(train('Upper')).rejects.toThrow(/lower-case letters/);
  });

  it('leaves nothing behind when writing fails part-way (a broken weight file of the encoder)', async () => {
    const broken = join(root, 'broken');
    await cp(join(root, 'builtin', BUILTIN_ENCODER_MODEL), join(broken, 'encoder'), { recursive: true });
    // fp32 loads and embeds; the q8 file, written second, is not ONNX.
    await writeFile(join(broken, 'encoder', 'onnx', 'model_quantized.onnx'), Buffer.from('not a model'));
    await expect(
      train('half', { ...encoderOptions, modelId: 'encoder', localModelPath: broken, dtype: 'fp32' }),
    ).rejects.toThrow(/model_quantized\.onnx: not a readable ONNX model/);
    const left = await readdir(join(modelRoot(), 'trained'));
    expect(left.filter((name) => name.startsWith('half'))).toEqual([]);
  });
});
