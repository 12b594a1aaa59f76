import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES } from './labels.js';
import { defaultLens, lensHypotheses, loadLenses, parseLenses } from './lens.js';

const lensesFile = fileURLToPath(new URL('../../../config/lenses.json', import.meta.url));

function validLens(overrides: Record<string, unknown> = {}) {
  const hypothesis = { en: 'This text is about it.' };
  return {
    name: 'russia-india',
    title: 'Russia and India',
    default: true,
    relevance: { sideA: { en: ['Russia'] }, sideB: { en: ['India'] }, bilateral: { en: ['Indo-Russian'] } },
    stance: { supportive: hypothesis, neutral: hypothesis, critical: hypothesis },
    framing: { cooperation: hypothesis, conflict: hypothesis },
    ...overrides,
  };
}

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('config/lenses.json', () => {
  const lenses = loadLenses(lensesFile);

  it('has the russia-china lens as its default', () => {
    expect(defaultLens(lenses)?.name).toBe('russia-china');
  });

  it('gives every stance and framing hypothesis in English, Russian and Chinese', () => {
    const lens = defaultLens(lenses)!;
    for (const axis of [lens.stance, lens.framing]) {
      for (const byLanguage of Object.values(axis)) {
        expect(Object.keys(byLanguage).sort()).toEqual([...LANGUAGES].sort());
      }
    }
  });

  it('has relevance terms in all three languages for both sides and the bilateral objects', () => {
    const { relevance } = defaultLens(lenses)!;
    for (const group of [relevance.sideA, relevance.sideB, relevance.bilateral]) {
      for (const language of LANGUAGES) expect(group[language]?.length).toBeGreaterThan(0);
    }
  });
});

describe('loadLenses', () => {
  it('reads a bare string term as a case-insensitive term without exceptions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lenses-'));
    const path = join(dir, 'lenses.json');
    writeFileSync(path, JSON.stringify([validLens()]));
    const [lens] = loadLenses(path);
    expect(lens.relevance.sideA.en).toEqual([{ term: 'Russia', caseSensitive: false, except: [] }]);
  });

  it('names the file when it cannot be read or parsed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lenses-'));
    expect(errorOf(() => loadLenses(join(dir, 'missing.json')))).toMatch(
      /missing\.json: cannot read the lens file \(ENOENT\)/,
    );
    writeFileSync(join(dir, 'broken.json'), '[{"name": ');
    expect(errorOf(() => loadLenses(join(dir, 'broken.json')))).toMatch(/broken\.json: not valid JSON/);
  });

  it('names the lens and the field of a misplaced wildcard', () => {
    const lens = validLens({
      relevance: { sideA: { ru: ['Росси*', 'Ро*ия'] }, sideB: { en: ['India'] }, bilateral: { en: ['x'] } },
    });
    expect(errorOf(() => parseLenses([lens]))).toContain(
      'lens "russia-india" field "relevance.sideA.ru[1].term": a "*" may only end a word',
    );
  });

  it('rejects an exception phrase that does not contain its term', () => {
    const lens = validLens({
      relevance: {
        sideA: { zh: [{ term: '俄罗斯', except: ['白俄'] }] },
        sideB: { en: ['India'] },
        bilateral: { en: ['x'] },
      },
    });
    expect(errorOf(() => parseLenses([lens]))).toContain(
      'lens "russia-india" field "relevance.sideA.zh[0].except[0]": expected a phrase containing "俄罗斯"',
    );
  });

  it('rejects a lens without an English hypothesis or with an unknown stance label', () => {
    const message = errorOf(() =>
      parseLenses([
        validLens({
          stance: {
            supportive: { ru: 'Текст.' },
            neutral: { en: 'x' },
            critical: { en: 'y' },
            hostile: { en: 'z' },
          },
        }),
      ]),
    );
    expect(message).toContain('lens "russia-india" field "stance.supportive.en"');
    expect(message).toContain('lens "russia-india" field "stance": Unrecognized key: "hostile"');
  });

  it('requires a side to have at least one term', () => {
    const lens = validLens({ relevance: { sideA: {}, sideB: { en: ['India'] }, bilateral: { en: ['x'] } } });
    expect(errorOf(() => parseLenses([lens]))).toContain(
      'field "relevance.sideA": expected at least one term',
    );
  });

  it('requires exactly one default lens and unique names', () => {
    const twoDefaults = errorOf(() => parseLenses([validLens(), validLens({ name: 'other' })]));
    expect(twoDefaults).toContain(
      'expected exactly one lens with "default": true, found 2 (russia-india, other)',
    );
    const duplicate = errorOf(() => parseLenses([validLens(), validLens({ default: false })]));
    expect(duplicate).toContain('lens "russia-india" field "name": duplicate lens name');
  });

  it('falls back to English hypotheses for a language the lens does not translate', () => {
    const [lens] = loadLenses(lensesFile);
    expect(lensHypotheses(lens.framing, 'de')).toEqual({
      cooperation: lens.framing.cooperation.en,
      conflict: lens.framing.conflict.en,
    });
    expect(lensHypotheses(lens.stance, 'ru').supportive).toBe(lens.stance.supportive.ru);
  });
});
