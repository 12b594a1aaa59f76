import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Gauge } from 'prom-client';
import { withinDeadline } from '../../queue/src/index.js';
import { metricsRegistry } from './registry.js';

/**
 * Gauges read from the system's state when Prometheus scrapes, each from a source the process that
 * knows registers: the API counts stale feeds in PostgreSQL, a classify worker lists its models.
 * Without a source (or when it does not answer in time) a gauge has no series rather than a wrong one.
 */
const SOURCE_TIMEOUT_MS = 1_000;

export interface FeedHealthCounts {
  /** Enabled feeds whose last success (or registration) is older than the configured multiple of their interval. */
  stale: number;
  enabled: number;
}
export interface LoadedModel {
  role: string;
  model: string;
  revision: string;
}

const feedHealthSources = new Set<() => Promise<FeedHealthCounts>>();
const modelSources = new Set<() => Promise<LoadedModel[]>>();

/** Reports the feeds' health from `source` at every scrape until the returned function is called. */
export function reportFeedHealth(source: () => Promise<FeedHealthCounts>): () => void {
  feedHealthSources.add(source);
  return () => feedHealthSources.delete(source);
}

/** Reports the models `source` lists as loaded at every scrape until the returned function is called. */
export function reportLoadedModels(source: () => Promise<LoadedModel[]>): () => void {
  modelSources.add(source);
  return () => modelSources.delete(source);
}

// The two feed gauges, collected together at each scrape, share one query.
let feedHealthRead: Promise<FeedHealthCounts | null> | null = null;
function readFeedHealth(): Promise<FeedHealthCounts | null> {
  const [source] = feedHealthSources;
  if (!source) return Promise.resolve(null);
  feedHealthRead ??= withinDeadline(source(), SOURCE_TIMEOUT_MS)
    .catch(() => null)
    .finally(() => (feedHealthRead = null));
  return feedHealthRead;
}

new Gauge({
  name: 'stancewatch_feeds_stale',
  help: 'Enabled feeds without a successful poll for FEED_STALE_AFTER_INTERVALS of their poll intervals',
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    const counts = await readFeedHealth();
    if (counts) this.set(counts.stale);
  },
});

new Gauge({
  name: 'stancewatch_feeds_enabled',
  help: 'Enabled feeds (the denominator of stancewatch_feeds_stale)',
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    const counts = await readFeedHealth();
    if (counts) this.set(counts.enabled);
  },
});

new Gauge({
  name: 'stancewatch_model_loaded',
  help: 'Models loaded in this process (1), by role (nli, sentiment), model id and revision',
  labelNames: ['role', 'model', 'revision'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    const lists = await Promise.all(
      [...modelSources].map((source) => withinDeadline(source(), SOURCE_TIMEOUT_MS).catch(() => [])),
    );
    for (const { role, model, revision } of lists.flat()) this.set({ role, model, revision }, 1);
  },
});

type BuildLabels = { version: string; commit: string; node: string };
let build: BuildLabels | null = null;

new Gauge({
  name: 'stancewatch_build_info',
  help: 'Always 1: the version, commit and Node.js version of this process',
  labelNames: ['version', 'commit', 'node'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    if (build) this.set(build, 1);
  },
});

/**
 * Sets `stancewatch_build_info`: the version from package.json; the commit given (STANCEWATCH_COMMIT),
 * else the one `npm run build` wrote to dist/build-info.json, else `unknown`.
 */
export function reportBuildInfo(commit: string | null): void {
  const root = projectRoot();
  build = {
    version: (root ? readJson(join(root, 'package.json'))?.version : null) ?? 'unknown',
    commit: commit ?? (root ? readJson(join(root, 'dist', 'build-info.json'))?.commit : null) ?? 'unknown',
    node: process.versions.node,
  };
}

function projectRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (readJson(join(dir, 'package.json'))?.name === 'stancewatch') return dir;
    if (dirname(dir) === dir) return null;
    dir = dirname(dir);
  }
}

function readJson(path: string): { name?: string; version?: string; commit?: string } | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string; commit?: string };
  } catch {
    return null;
  }
}

const readinessSources = new Set<() => Promise<{ name: string; ok: boolean }[]>>();
// The checks carry their own 2 s timeouts; this only bounds a source that never settles.
const READINESS_TIMEOUT_MS = 3_000;

/**
 * Reports the process's readiness checks (postgres, redis, models), run at every scrape, until the
 * returned function is called: what /readyz would answer now, for an alert rule.
 */
export function reportReadiness(source: () => Promise<{ name: string; ok: boolean }[]>): () => void {
  readinessSources.add(source);
  return () => readinessSources.delete(source);
}

new Gauge({
  name: 'stancewatch_ready',
  help: 'Readiness checks of this process at scrape time (1 passes, 0 fails), by check (postgres, redis, models)',
  labelNames: ['check'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    const lists = await Promise.all(
      [...readinessSources].map((source) => withinDeadline(source(), READINESS_TIMEOUT_MS).catch(() => [])),
    );
    // The API and a worker in one process check the same dependencies: a failure in either shows.
    const worst = new Map<string, number>();
    for (const { name, ok } of lists.flat()) worst.set(name, Math.min(worst.get(name) ?? 1, ok ? 1 : 0));
    for (const [check, value] of worst) this.set({ check }, value);
  },
});
