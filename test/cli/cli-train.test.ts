import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabelRepository } from '../../libs/scoring/src/index.js';
import { insertFeed, insertScored, LENS, minutesAfter } from '../support/alert-archive.js';
import { stancewatch as run } from '../support/run-cli.js';
import { TEST_MODEL_CACHE } from '../support/test-config.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';
import type { TestDatabase } from '../support/test-database.js';

const EVAL_FILE = 'eval/stance-eval.jsonl';
const evalLines = readFileSync(EVAL_FILE, 'utf8')
  .trim()
  .split('\n')
  .map(
    (line) =>
      JSON.parse(line) as { text: string; label: 'supportive' | 'neutral' | 'critical'; language: string },
  );

describe('stancewatch train: a stance classifier from labels on a frozen encoder', () => {
  const work = mkdtempSync(join(tmpdir(), 'stancewatch-train-cli-'));
  const modelDir = join(work, 'models');
  // The API reads the same folder: GET /api/v1/models lists what train wrote there.
  const api = apiOnItsOwnDatabase({ MODEL_LOCAL_DIR: modelDir });
  let target: TestDatabase;
  let env: Record<string, string>;
  const stancewatch = (args: string[], extra: Record<string, string> = {}) =>
    run(args, { ...env, ...extra }, 55_000);
  const trainedNames = () =>
    existsSync(join(modelDir, 'trained')) ? readdirSync(join(modelDir, 'trained')) : [];

  beforeAll(async () => {
    target = api.target;
    env = {
      DATABASE_URL: target.url,
      MODEL_CACHE_DIR: TEST_MODEL_CACHE,
      MODEL_LOCAL_DIR: modelDir,
      MODELS_OFFLINE: 'true',
    };
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('trains on a labelled file and reports the zero-shot model beside it, as eval scores that model', async () => {
    const trained = await stancewatch([
      'train',
      '--name',
      'from-file',
      '--file',
      EVAL_FILE,
      '--encoder',
      'builtin',
      '--baseline',
      'builtin',
      '--json',
    ]);
    expect(trained).toMatchObject({ code: 0 });
    const report = JSON.parse(trained.stdout);
    expect(report).toMatchObject({
      model: 'trained/from-file',
      folder: join(modelDir, 'trained', 'from-file'),
      lens: LENS,
      encoder: { id: 'stancewatch-builtin-encoder', builtin: true },
      labels: { total: 186, byLanguage: { en: 62, ru: 62, zh: 62 } },
      folds: 5,
    });
    expect(report.crossValidated.trained.macroF1).toBeGreaterThan(0.36);

    // The baseline row is the zero-shot model on the same texts: the figure eval gives for it.
    const evaluated = await stancewatch(['eval', '--file', EVAL_FILE, '--model', 'builtin', '--json']);
    expect(evaluated).toMatchObject({ code: 0 });
    const evalReport = JSON.parse(evaluated.stdout);
    expect(report.crossValidated.baseline.model.id).toBe('stancewatch-builtin-nli');
    expect(report.crossValidated.baseline.macroF1).toBeCloseTo(evalReport.macroF1, 12);
    expect(report.crossValidated.baseline.accuracy).toBeCloseTo(evalReport.accuracy, 12);

    const config = JSON.parse(readFileSync(join(report.folder, 'config.json'), 'utf8'));
    expect(config.stancewatch.trained.source).toBe(`the labelled file ${EVAL_FILE}`);
    expect(trainedNames()).toEqual(['from-file']);
  }, 120_000);

  it('prints the same as tables, and refuses to train over an existing classifier', async () => {
    const again = await stancewatch([
      'train',
      '--name',
      'from-file',
      '--file',
      EVAL_FILE,
      '--encoder',
      'builtin',
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n')).toEqual([
      `stancewatch: trained/from-file exists (${join(modelDir, 'trained', 'from-file')}): choose another --name, or delete that folder to train it again`,
    ]);
    const tables = await stancewatch([
      'train',
      '--name',
      'tables',
      '--file',
      EVAL_FILE,
      '--encoder',
      'builtin',
      '--baseline',
      'none',
      '--folds',
      '3',
    ]);
    expect(tables).toMatchObject({ code: 0 });
    expect(tables.stdout).toMatch(
      /^trained\/tables · lens russia-china · encoder stancewatch-builtin-encoder@main/,
    );
    expect(tables.stdout).toMatch(/3-fold cross-validation/);
    expect(tables.stdout).toMatch(
      /trained\/tables \(cross-validated\) +0\.\d{3} +0\.\d{3} +0\.\d{3} +0\.\d{3} +0\.\d{3}/,
    );
    expect(tables.stdout).not.toMatch(/zero-shot/);
  }, 120_000);

  it('says in one line what to change when there are too few labels, and writes nothing', async () => {
    const few = join(work, 'few.jsonl');
    const perClass = { supportive: 0, neutral: 0, critical: 0 };
    const lines = evalLines.filter((line) => ++perClass[line.label] <= (line.label === 'critical' ? 3 : 9));
    writeFileSync(few, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    const result = await stancewatch(['train', '--name', 'few', '--file', few, '--encoder', 'builtin']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'stancewatch: too few labels to train on for lens russia-china: supportive 9, neutral 9, critical 3; every class needs at least 8 (critical short). Label more, or use fewer --folds',
    ]);
    expect(trainedNames()).not.toContain('few');
  });

  it('names an encoder that cannot load, and writes nothing', async () => {
    const result = await stancewatch([
      'train',
      '--name',
      'no-encoder',
      '--file',
      EVAL_FILE,
      '--encoder',
      'Xenova/not-pulled-here',
      '--baseline',
      'none',
    ]);
    expect(result.code).toBe(1);
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('stancewatch: loading'));
    expect(lines.at(-1)).toMatch(
      /^stancewatch: encoder Xenova\/not-pulled-here cannot load: Model "Xenova\/not-pulled-here" is not available offline/,
    );
    expect(trainedNames()).not.toContain('no-encoder');
  });

  it('refuses a bad name, a bad fold count and a missing name before loading anything', async () => {
    const bad = await stancewatch(['train', '--name', 'a/b', '--file', EVAL_FILE]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--name "a\/b": use 1–64 lower-case letters/);
    const folds = await stancewatch(['train', '--name', 'x', '--file', EVAL_FILE, '--folds', '1']);
    expect(folds.stderr.trim()).toBe('stancewatch: --folds 1: give a whole number from 2 to 20');
    const none = await stancewatch(['train', '--file', EVAL_FILE]);
    expect(none.stderr.trim()).toBe('stancewatch: give --name NAME: the classifier becomes trained/NAME');
  });

  it("trains on the archive's gold labels: the majority of the annotators, disputed ones left out", async () => {
    const empty = await stancewatch(['train', '--name', 'nothing', '--encoder', 'builtin']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(
      /^stancewatch: no labelled texts for lens russia-china: label articles first/,
    );

    const feed = await insertFeed(target.db, 'TASS');
    const chosen = evalLines.filter((_, i) => i % 3 === 0); // 62 texts, every language and class
    const ids = await insertScored(
      target.db,
      feed,
      chosen.map((line, i) => ({
        publishedAt: minutesAfter(new Date('2025-05-01T00:00:00Z'), i),
        label: 'neutral',
        title: line.text,
        language: line.language,
      })),
    );
    const labels = new LabelRepository(target.db);
    for (const [i, line] of chosen.entries()) {
      await labels.put({ articleId: ids[i], lens: LENS, annotator: 'alice', label: line.label, note: null });
    }
    // One article two annotators disagree on: disputed, not trained on.
    await labels.put({
      articleId: ids[0],
      lens: LENS,
      annotator: 'bob',
      label: chosen[0].label === 'critical' ? 'supportive' : 'critical',
      note: null,
    });

    const result = await stancewatch([
      'train',
      '--name',
      'from-labels',
      '--encoder',
      'builtin',
      '--baseline',
      'none',
      '--folds',
      '3',
      '--json',
    ]);
    expect(result).toMatchObject({ code: 0 });
    const report = JSON.parse(result.stdout);
    expect(report.labels.total).toBe(61);
    expect(report.source).toBe(
      "the annotators' majority labels of lens russia-china in the archive (61 articles, 1 disputed left out)",
    );
    const byClass = { supportive: 0, neutral: 0, critical: 0 };
    chosen.slice(1).forEach((line) => byClass[line.label]++);
    expect(report.labels.byClass).toEqual(byClass);

    const alone = await stancewatch([
      'train',
      '--name',
      'alice',
      '--annotator',
      'alice',
      '--encoder',
      'builtin',
      '--baseline',
      'none',
      '--folds',
      '3',
      '--json',
    ]);
    expect(alone).toMatchObject({ code: 0 });
    expect(JSON.parse(alone.stdout).labels.total).toBe(62);
  }, 120_000);

  it('reclassify --model trained/NAME scores beside the zero-shot scores; each row names its three models', async () => {
    // Framing and sentiment come from the configured NLI model (here the built-in one, tone by NLI).
    const nli = { NLI_MODEL: 'builtin', SENTIMENT_MODEL: 'nli' };
    const result = await stancewatch(
      ['reclassify', '--lens', LENS, '--model', 'trained/from-labels', '--json'],
      nli,
    );
    expect(result).toMatchObject({ code: 0 });
    expect(JSON.parse(result.stdout)).toMatchObject({ model: 'trained/from-labels', scored: 62 });
    const rows = await target.db.query<{
      model: string;
      sentiment_model: string;
      framing_model: string | null;
      n: number;
    }>(
      `SELECT model, sentiment_model, framing_model, count(*)::int AS n FROM article_scores GROUP BY 1, 2, 3 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { model: 'model-a', sentiment_model: 'sentiment-model', framing_model: null, n: 62 },
      {
        model: 'trained/from-labels',
        sentiment_model: 'stancewatch-builtin-nli',
        framing_model: 'stancewatch-builtin-nli',
        n: 62,
      },
    ]);
    const models = await target.db.query<{ id: string; task: string }>(
      `SELECT id, task FROM models ORDER BY id`,
    );
    expect(models).toContainEqual({ id: 'trained/from-labels', task: 'text-classification' });

    // Validation holds out the articles it was trained on: labelled later, 12 more articles are its test.
    const feed = await insertFeed(target.db, 'Xinhua');
    const later = evalLines.filter((_, i) => i % 3 === 1).slice(0, 12);
    const laterIds = await insertScored(
      target.db,
      feed,
      later.map((line, i) => ({
        publishedAt: minutesAfter(new Date('2025-06-01T00:00:00Z'), i),
        label: line.label,
        title: line.text,
        language: line.language,
      })),
    );
    const labels = new LabelRepository(target.db);
    for (const [i, line] of later.entries()) {
      await labels.put({
        articleId: laterIds[i],
        lens: LENS,
        annotator: 'alice',
        label: line.label,
        note: null,
      });
    }
    const rescored = await stancewatch(
      ['reclassify', '--lens', LENS, '--model', 'trained/from-labels', '--json'],
      nli,
    );
    expect(JSON.parse(rescored.stdout)).toMatchObject({ scored: 12 });
    const validated = await stancewatch(['eval', '--labels', '--model', 'trained/from-labels', '--json'], {
      NLI_MODEL: 'model-a',
    });
    expect(validated).toMatchObject({ code: 0 });
    const validation = JSON.parse(validated.stdout);
    // The 61 it was trained on are left out (the disputed one was not trained on, and has no gold label
    // anyway); the 12 later ones are what it is judged on, and the zero-shot model (here model-a, whose
    // stored labels are the gold ones) on the same 12.
    expect(validation).toMatchObject({
      model: 'trained/from-labels',
      n: 12,
      unscored: 0,
      heldOut: { trainedOn: 61, leftOut: 61, baseline: { model: 'model-a', n: 12, accuracy: 1 } },
    });
    const tables = await stancewatch(['eval', '--labels', '--model', 'trained/from-labels'], {
      NLI_MODEL: 'model-a',
    });
    expect(tables.stdout).toMatch(
      /held out: the 61 labelled articles it was trained on are left out; on the same articles the zero-shot model-a has accuracy 1\.000/,
    );
    const fromApi = await (
      await fetch(`${api.base}/api/v1/validation?lens=${LENS}&model=trained/from-labels`)
    ).json();
    expect(fromApi).toMatchObject({ n: 12, heldOut: { trainedOn: 61, leftOut: 61 } });

    // classify and eval take it as they take any model.
    const classified = await stancewatch(
      ['classify', '--model', 'trained/from-file', 'Moscow and Beijing sign a deal'],
      nli,
    );
    expect(classified).toMatchObject({ code: 0 });
    const line = JSON.parse(classified.stdout);
    expect(line.model.id).toBe('trained/from-file');
    expect(line.stance.probs.supportive + line.stance.probs.neutral + line.stance.probs.critical).toBeCloseTo(
      1,
      5,
    );
    const evaluated = await stancewatch(
      ['eval', '--file', EVAL_FILE, '--model', 'trained/from-file', '--json'],
      nli,
    );
    expect(evaluated).toMatchObject({ code: 0 });
    const evalReport = JSON.parse(evaluated.stdout);
    expect(evalReport.models.nli[0].id).toBe('trained/from-file');
    // In-sample (it was fitted on this file): above its cross-validated figure.
    expect(evalReport.macroF1).toBeGreaterThan(0.5);

    // The API lists the trained classifiers with the figures they were trained with, and which have scored.
    const listed = (await (await fetch(`${api.base}/api/v1/models`)).json()) as { trained: { id: string }[] };
    const trained = new Map(listed.trained.map((m) => [m.id, m]));
    expect([...trained.keys()]).toEqual([
      'trained/alice',
      'trained/from-file',
      'trained/from-labels',
      'trained/tables',
    ]);
    const fromFile = JSON.parse(readFileSync(join(modelDir, 'trained', 'from-file', 'config.json'), 'utf8'));
    expect(trained.get('trained/from-file')).toMatchObject({
      lens: LENS,
      builtin: true,
      labels: { total: 186 },
      folds: 5,
      crossValidated: fromFile.stancewatch.trained.cross_validated,
    });
    expect(trained.get('trained/from-labels')).toMatchObject({ loaded: true, labels: { total: 61 } });
    expect(trained.get('trained/tables')).toMatchObject({ loaded: false, lastLoadedAt: null });
  }, 120_000);

  it('refuses as a stance model a classifier whose labels are not the stance labels', async () => {
    // A sentiment classifier put where a trained stance classifier would be.
    cpSync(
      join(TEST_MODEL_CACHE, 'builtin', 'stancewatch-builtin-sentiment'),
      join(modelDir, 'trained', 'not-stance'),
      {
        recursive: true,
      },
    );
    const result = await stancewatch(['classify', '--model', 'trained/not-stance', 'text'], {
      NLI_MODEL: 'builtin',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      'stancewatch: model trained/not-stance is not a stance classifier: its labels are negative, neutral, positive, not supportive, neutral, critical (train one with stancewatch train)',
    );
  });
});
