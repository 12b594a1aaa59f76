import { readdirSync } from 'node:fs';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The libraries and what each may import: the layering of README's layout table, checked here so it
 * stays true. A library not listed has no room in the picture yet: lint says so.
 */
const LIBRARY_DEPENDENCIES = {
  config: [],
  http: [],
  feedgen: [],
  lens: ['config'],
  db: ['config'],
  queue: ['config'],
  metrics: ['config', 'queue'],
  trends: ['config', 'db'],
  nlp: ['config', 'lens'],
  // feeds → trends is the one edge that runs against the picture: a poll refreshes the volume rollups in
  // its transaction, so an article and its count land together (README, Architecture).
  feeds: ['config', 'db', 'http', 'lens', 'metrics', 'queue', 'trends'],
  scoring: ['config', 'db', 'lens', 'metrics', 'nlp', 'queue', 'trends'],
  alerts: ['config', 'db', 'feeds', 'http', 'lens', 'metrics', 'nlp', 'queue', 'trends'],
  demo: ['alerts', 'config', 'db', 'feedgen', 'feeds'],
};
const LIBRARIES = readdirSync(new URL('./libs', import.meta.url));
const unplaced = LIBRARIES.filter((name) => !(name in LIBRARY_DEPENDENCIES));
if (unplaced.length > 0)
  throw new Error(`eslint.config.js: add libs/${unplaced.join(', libs/')} to LIBRARY_DEPENDENCIES`);

const any = (names) => names.join('|');
// A relative import that goes up into libs/<name>/src/ for anything but its entries: the index, and
// `vocabulary.js` where a library has one (plain values that import nothing, checked below).
const deepImport = {
  regex: `^(\\.\\./)+(libs/)?(${any(LIBRARIES)})/src/(?!(index|vocabulary)\\.js$).+`,
  message: 'import a library through its index (libs/<name>/src/index.js), never its inner files',
};
// The same for `import()`, which no-restricted-imports does not see (the CLI loads commands lazily).
const deepDynamicImport = {
  selector: `ImportExpression > Literal[value=/${deepImport.regex.replaceAll('/', '\\/')}/]`,
  message: deepImport.message,
};
const restrictedImports = (extraPatterns = []) => ['error', { patterns: [deepImport, ...extraPatterns] }];
const layeringRules = (library, allowed) => {
  const forbidden = LIBRARIES.filter((name) => name !== library && !allowed.includes(name));
  const patterns = forbidden.length
    ? [
        {
          regex: `^(\\.\\./)+(${any(forbidden)})/src/`,
          message: `libs/${library} may import only ${allowed.map((name) => `libs/${name}`).join(', ') || 'no other library'} (eslint.config.js, README's layout)`,
        },
      ]
    : [];
  return { 'no-restricted-imports': restrictedImports(patterns) };
};
const layering = Object.entries(LIBRARY_DEPENDENCIES).map(([library, allowed]) => ({
  files: [`libs/${library}/**/*.ts`],
  rules: layeringRules(library, allowed),
}));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/results/', '.cache/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // One import statement per module (type-only imports may stand apart).
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      'no-restricted-imports': restrictedImports(),
      'no-restricted-syntax': ['error', deepDynamicImport],
    },
  },
  ...layering,
  {
    // The hostile documents' spec runs them through the real parser; the generators themselves import nothing.
    files: ['libs/feedgen/**/*.spec.ts'],
    rules: layeringRules('feedgen', ['feeds']),
  },
  {
    files: ['libs/*/src/vocabulary.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '.', message: 'a vocabulary imports nothing: it is read without its library' }],
        },
      ],
    },
  },
  {
    files: ['test/**', 'bench/**', '**/*.spec.ts', 'test/support/*.js'],
    rules: { 'no-console': 'off' },
  },
);
