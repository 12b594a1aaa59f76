import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

/**
 * What the image carries is what the code loads: the image keeps only production dependencies, so
 * code that runs (apps and libs, tests and specs aside) may import nothing else; and the runtime
 * stage copies the files the code reads at run time. Docker cannot build here (README, "The image").
 */
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
const dockerfile = readFileSync('Dockerfile', 'utf8');
const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

// The dashboard's browser code is bundled at build time (scripts/build-dashboard.mjs); its packages
// are in the bundle, not in node_modules.
const BUNDLED = new Set(['apps/api/dashboard']);
// Imported only by development commands, never by a process the image runs: file → package.
const DEVELOPMENT_ONLY = new Map([
  // `npm run generate:dashboard-types` formats what it writes with prettier.
  ['apps/api/src/http/openapi-typescript.ts', 'prettier'],
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (BUNDLED.has(path)) return [];
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.(spec|test)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The package a bare specifier names: `@scope/name/x` → `@scope/name`, `name/x` → `name`. */
const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

describe('the image', () => {
  it('has every package that the running code imports among the production dependencies', () => {
    const builtins = new Set(builtinModules);
    const outside: string[] = [];
    const files = [...sourceFiles('apps'), ...sourceFiles('libs')];
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const specifiers = [
        // Type-only imports are erased by the compiler.
        ...text.matchAll(/(?:^|\s)(?:import|export)\s(?!type\s)[^'"]*?from\s+'([^']+)'/gm),
        ...text.matchAll(/^import\s+'([^']+)'/gm),
        ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
      ].map((match) => match[1]!);
      for (const specifier of specifiers) {
        if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        const name = packageOf(specifier);
        if (DEVELOPMENT_ONLY.get(file) === name) continue;
        if (!builtins.has(name) && !(name in pkg.dependencies)) outside.push(`${file}: ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('prunes for its platform, copies the built-in model data, and checks its health', () => {
    expect(dockerfile).toMatch(/npm prune --omit=dev && sh scripts\/prune-image-modules\.sh node_modules/);
    expect(runtimeStage).toContain('COPY libs/nlp/data ./libs/nlp/data');
    expect(runtimeStage).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
  });
});
