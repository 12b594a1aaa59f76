import { z } from 'zod';
import { normalizeText } from './relevance/normalize-text.js';
import { termProblem, visibleTerm } from './relevance/term-pattern.js';
import { LANGUAGES, type FramingLabel, type Language, type StanceLabel } from './labels.js';
import { readJsonFile } from '../../config/src/index.js';

/**
 * A lens is a named target kept as data (config/lenses.json): the terms that make a text relevant to it
 * and the hypotheses the stance model tests. See config/README.md for the operator's view.
 */

/** One relevance term, always in object form after loading (the file may write a bare string). */
export interface LensTerm {
  /** As written in the lens; a `*` at the end of a word means "this stem plus any letters". */
  term: string;
  caseSensitive: boolean;
  /** Longer phrases containing the term that must not count as it (e.g. 白俄罗斯 for 俄罗斯). */
  except: string[];
}

export type TermsByLanguage = Partial<Record<Language, LensTerm[]>>;
export type Hypotheses<L extends string> = Record<L, Partial<Record<Language, string>> & { en: string }>;

export interface Lens {
  name: string;
  title: string;
  default: boolean;
  description?: string;
  relevance: { sideA: TermsByLanguage; sideB: TermsByLanguage; bilateral: TermsByLanguage };
  stance: Hypotheses<StanceLabel>;
  framing: Hypotheses<FramingLabel>;
}

const HAN = /\p{Script=Han}/u;
// A wildcard may only close a word: "Росси*" or "Сил* Сибири", never "Ро*ия".
const MISPLACED_WILDCARD = /\*(?![\s-]|$)|^\*|[\s-]\*/u;

const termObjectSchema = z
  .strictObject(
    {
      term: z.string().trim().min(1, 'expected a non-empty term'),
      caseSensitive: z.boolean().default(false),
      except: z.array(z.string().trim().min(1, 'expected a non-empty phrase')).default([]),
    },
    {
      error: (issue) =>
        issue.code === 'invalid_type'
          ? 'expected a term: a string or {"term", "caseSensitive"?, "except"?}'
          : undefined,
    },
  )
  .superRefine((value, ctx) => {
    // Checked as the matcher will see it: ＊ is a "*" there, and zero-width characters are gone.
    const term = normalizeText(value.term);
    const problem = termProblem(value.term);
    if (problem !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['term'],
        message: `${problem}, got "${visibleTerm(value.term)}"`,
      });
    }
    if (MISPLACED_WILDCARD.test(term)) {
      ctx.addIssue({ code: 'custom', path: ['term'], message: 'a "*" may only end a word (e.g. "Росси*")' });
    }
    if (HAN.test(term) && term.includes('*')) {
      ctx.addIssue({
        code: 'custom',
        path: ['term'],
        message: 'Chinese terms match as substrings already; remove the "*"',
      });
    }
    const anchor = termAnchor(value.term, value.caseSensitive);
    value.except.forEach((phrase, i) => {
      const haystack = foldForComparison(phrase, value.caseSensitive);
      if (!haystack.includes(anchor)) {
        ctx.addIssue({
          code: 'custom',
          path: ['except', i],
          message: `expected a phrase containing "${value.term.split('*')[0]}"`,
        });
      }
    });
  });

// A bare string is shorthand for {"term": string}; converting first keeps the precise messages of the object form.
const termSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { term: value } : value),
  termObjectSchema,
);

const termsByLanguageSchema = z.strictObject({
  en: z.array(termSchema).optional(),
  ru: z.array(termSchema).optional(),
  zh: z.array(termSchema).optional(),
});

const hypothesisText = z.string().trim().min(1, 'expected a non-empty hypothesis sentence');
const hypothesisByLanguageSchema = z.strictObject({
  en: hypothesisText,
  ru: hypothesisText.optional(),
  zh: hypothesisText.optional(),
});

export const lensSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case slug such as "russia-china"'),
  title: z.string().trim().min(1, 'expected a non-empty title'),
  default: z.boolean().default(false),
  description: z.string().optional(),
  relevance: z
    .strictObject({
      sideA: termsByLanguageSchema,
      sideB: termsByLanguageSchema,
      bilateral: termsByLanguageSchema,
    })
    .superRefine((groups, ctx) => {
      for (const [group, terms] of Object.entries(groups)) {
        if (countTerms(terms) === 0)
          ctx.addIssue({ code: 'custom', path: [group], message: 'expected at least one term' });
      }
    }),
  stance: z.strictObject({
    supportive: hypothesisByLanguageSchema,
    neutral: hypothesisByLanguageSchema,
    critical: hypothesisByLanguageSchema,
  }),
  framing: z.strictObject({ cooperation: hypothesisByLanguageSchema, conflict: hypothesisByLanguageSchema }),
});

/** Reads and validates a lens file; throws one error listing every problem, each naming the lens and field. */
export function loadLenses(path: string): Lens[] {
  return parseLenses(readJsonFile(path, 'lens file'), path);
}

export function parseLenses(data: unknown, source = 'lenses'): Lens[] {
  if (!Array.isArray(data)) throw new Error(`${source}: expected a JSON array of lenses`);
  const problems: string[] = [];
  const lenses: Lens[] = [];
  data.forEach((raw, index) => {
    const label = lensLabel(raw, index);
    const result = lensSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push(`${label} field "${formatPath(issue.path)}": ${readable(issue.message)}`);
      return;
    }
    lenses.push(result.data);
  });
  problems.push(...collectionProblems(lenses));
  if (problems.length > 0) {
    throw new Error(
      `${source}: invalid lens file (${problems.length} problem(s)):\n  ${problems.join('\n  ')}`,
    );
  }
  return lenses;
}

/** The lens used when none is named: the one marked `"default": true`. */
export function defaultLens(lenses: readonly Lens[]): Lens | undefined {
  return lenses.find((lens) => lens.default);
}

/** The hypotheses of one axis in a language, falling back to English where the lens has no translation. */
export function lensHypotheses<L extends string>(
  hypotheses: Hypotheses<L>,
  language: string,
): Record<L, string> {
  const entries = Object.entries(hypotheses) as [L, Partial<Record<Language, string>> & { en: string }][];
  return Object.fromEntries(
    entries.map(([label, byLanguage]) => [label, byLanguage[language as Language] ?? byLanguage.en]),
  ) as Record<L, string>;
}

function collectionProblems(lenses: Lens[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const lens of lenses) {
    if (seen.has(lens.name)) problems.push(`lens "${lens.name}" field "name": duplicate lens name`);
    seen.add(lens.name);
  }
  const defaults = lenses.filter((lens) => lens.default).map((lens) => lens.name);
  if (lenses.length > 0 && defaults.length !== 1) {
    problems.push(
      `field "default": expected exactly one lens with "default": true, found ${defaults.length}` +
        (defaults.length > 0 ? ` (${defaults.join(', ')})` : ''),
    );
  }
  return problems;
}

function termAnchor(term: string, caseSensitive: boolean): string {
  return foldForComparison(normalizeText(term).split('*')[0], caseSensitive);
}

function foldForComparison(text: string, caseSensitive: boolean): string {
  const normalized = normalizeText(text);
  return caseSensitive ? normalized : normalized.toLowerCase();
}

function countTerms(terms: TermsByLanguage): number {
  return LANGUAGES.reduce((sum, language) => sum + (terms[language]?.length ?? 0), 0);
}

function lensLabel(raw: unknown, index: number): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== '' ? `lens "${name}"` : `lens #${index}`;
}

// zod says "Invalid input: expected object, received undefined" for a field that is simply not there.
function readable(message: string): string {
  const missing = /^Invalid input: (expected .+), received undefined$/.exec(message);
  return missing ? `missing; ${missing[1]}` : message;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}
