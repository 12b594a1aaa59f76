import { join } from 'node:path';
import { type ModelSettings, loadConfig } from '../libs/config/src/index.js';
import { projectRoot } from '../libs/db/src/index.js';
import { loadLenses, completeHypotheses, type LensHypotheses } from '../libs/lens/src/index.js';

/** The lens every inference figure is measured under: the default one. */
export const BENCH_LENS = 'russia-china';

/** The environment that makes a process use the built-in models from `cacheDir`, with remote models off. */
export function builtinModelEnvironment(
  cacheDir: string,
  threads: number,
  batchSize: number,
): Record<string, string> {
  return {
    NLI_MODEL: 'builtin',
    SENTIMENT_MODEL: 'builtin',
    MODELS_OFFLINE: 'true',
    MODEL_CACHE_DIR: cacheDir,
    MODEL_THREADS: String(threads),
    CLASSIFY_BATCH_SIZE: String(batchSize),
  };
}

/** Model settings as the worker reads them from that environment (the database is never opened). */
export function builtinModelSettings(cacheDir: string, threads: number, batchSize: number): ModelSettings {
  return loadConfig({
    DATABASE_URL: 'postgres://bench@127.0.0.1/unused',
    ...builtinModelEnvironment(cacheDir, threads, batchSize),
  }).models;
}

export function benchLensHypotheses(): LensHypotheses {
  const lens = loadLenses(join(projectRoot(), 'config', 'lenses.json')).find((l) => l.name === BENCH_LENS);
  if (!lens) throw new Error(`config/lenses.json has no lens "${BENCH_LENS}"`);
  return completeHypotheses(lens);
}
