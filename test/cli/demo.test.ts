import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ApiKeyRepository, Database } from '../../libs/db/src/index.js';
import { DEMO_OUTLETS, demoQueuePrefix, resetDemo } from '../../libs/demo/src/index.js';
import { eventually } from '../support/eventually.js';
import { stancewatch } from '../support/run-cli.js';
import { TEST_MODEL_CACHE } from '../support/test-config.js';
import { databaseUrl, TEST_PG_SERVER } from '../support/test-database.js';

// `npm run demo` as a newcomer runs it: the real command in a child process, its own database.
const database = `stancewatch_test_demo_${randomBytes(4).toString('hex')}`;
const REDIS_URL = 'redis://127.0.0.1:6379';
// Where train writes the demo's classifier, and the demo's worker reads it.
const demoModels = mkdtempSync(join(tmpdir(), 'stancewatch-demo-models-'));

interface DemoRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let apiPort: number;
let feedsPort: number;
let running: DemoRun | undefined;

function startDemo(): DemoRun {
  const child = spawn(
    process.execPath,
    [
      'bin/stancewatch.js',
      'demo',
      '--port',
      String(apiPort),
      '--feeds-port',
      String(feedsPort),
      '--database',
      database,
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: `${TEST_PG_SERVER}/postgres`,
        REDIS_URL,
        MODEL_CACHE_DIR: TEST_MODEL_CACHE,
        MODEL_LOCAL_DIR: demoModels,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  running = { child, stdout: () => stdout, stderr: () => stderr, exited };
  return running;
}

async function stop(
  run: DemoRun,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = Date.now();
  run.child.kill('SIGINT');
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`the demo did not exit within 10 s of SIGINT\n${run.stderr()}`)),
      10_000,
    ).unref(),
  );
  const result = await Promise.race([run.exited, timeout]);
  running = undefined;
  return { ...result, ms: Date.now() - started };
}

/** At most 20 computed reads a minute, whichever waits run in it. */
const COMPUTED_READ_EVERY_MS = 3_000;

/**
 * `eventually`, failing with what the demo said, for a failure that explains itself. A probe of a
 * computed read (trends, sources) runs at most every `everyMs`: an anonymous caller may have
 * RATE_LIMIT_UNCACHED_PER_MINUTE (30) of those a minute, and a 429 would read as "not yet".
 */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  everyMs = 0,
): Promise<T> {
  let last = 0;
  const spaced = async () => {
    if (Date.now() - last < everyMs) return null;
    last = Date.now();
    return probe();
  };
  try {
    return await eventually(spaced, timeoutMs);
  } catch {
    const said = running ? `${running.stdout()}\n${running.stderr()}`.split('\n').slice(-15).join('\n') : '';
    throw new Error(`${what}: not within ${timeoutMs / 1000} s; the demo said:\n${said}`);
  }
}

async function api<T>(path: string): Promise<T | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${apiPort}${path}`);
    return response.ok ? ((await response.json()) as T) : null;
  } catch {
    return null; // not listening yet
  }
}

async function articleCount(): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM articles');
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

interface FeedRow {
  outlet: string;
  url: string;
  lastStatus: string | null;
  lastError: string | null;
  lastPolledAt: string | null;
}

/** A free port whose successor is free too (the receiver takes the port after the feeds'). */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort(0);
    if (port < 65_000 && (await freePort(port + 1).catch(() => null)) !== null) return port;
  }
}

function freePort(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

beforeAll(async () => {
  feedsPort = await freePortPair();
  do apiPort = await freePort(0);
  while (apiPort === feedsPort || apiPort === feedsPort + 1);
});

afterAll(async () => {
  if (running) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  await resetDemo(databaseUrl(database), REDIS_URL, demoQueuePrefix(database));
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read field by field
type Json = any;

/**
 * The analyst's loop on the demo: sample 100 articles, label them through the API, read the
 * validation, turn on the correction (first without labels: the reason; then with them).
 */
type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Json }>;

/** The API as an analyst with an `annotate` key calls it. */
async function analyst(): Promise<Call> {
  const db = new Database(databaseUrl(database), { max: 1 });
  const { key } = await new ApiKeyRepository(db).create('analyst', ['annotate']).finally(() => db.close());
  return async (method, path, body) => {
    const response = await fetch(`http://127.0.0.1:${apiPort}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  };
}

async function measureTheMeasurement(call: Call): Promise<void> {
  const uncorrected = await call('GET', '/api/v1/trends?interval=day&correction=acc');
  expect(uncorrected.body.correction).toMatchObject({ applied: false });
  expect(uncorrected.body.correction.reason).toMatch(/only 0 gold label\(s\)/);

  const sample = await call('GET', '/api/v1/labels/sample?n=100&seed=demo&stratify=language');
  expect(sample.status).toBe(200);
  expect(sample.body.articles).toHaveLength(100);
  // The analyst agrees with the model but on every fifth article, which they read as neutral.
  for (const [i, article] of (sample.body.articles as Json[]).entries()) {
    const label = i % 5 === 4 ? 'neutral' : article.score.stance.label;
    expect(
      (await call('PUT', `/api/v1/articles/${article.id}/labels`, { lens: sample.body.sample.lens, label }))
        .status,
    ).toBe(200);
  }
  const validation = (await call('GET', '/api/v1/validation')).body;
  expect(validation).toMatchObject({ n: 100, disputed: 0, unscored: 0 });
  const agreed = (sample.body.articles as Json[]).filter(
    (a, i) => i % 5 !== 4 || a.score.stance.label === 'neutral',
  ).length;
  expect(validation.correct).toBe(agreed);
  expect(Object.keys(validation.byLanguage).length).toBeGreaterThan(1);

  const corrected = (await call('GET', '/api/v1/trends?interval=day&correction=acc')).body;
  const counts = corrected.correction.labelCounts.all;
  expect(counts.supportive + counts.neutral + counts.critical).toBe(100);
  if (Math.min(counts.supportive, counts.neutral, counts.critical) < 10) {
    expect(corrected.correction).toMatchObject({
      applied: false,
      reason: expect.stringMatching(/fewer than the 10/),
    });
    return;
  }
  expect(corrected.correction.applied).toBe(true);
  const scored = (corrected.points as Json[]).filter((point) => point.n > 0);
  for (const point of scored) {
    expect(point.shares.neutral.corrected.ci95[0]).toBeLessThanOrEqual(point.shares.neutral.corrected.share);
    expect(point.stance.corrected.uncorrected).toBeCloseTo(
      point.shares.supportive.share - point.shares.critical.share,
      6,
    );
  }
}

/**
 * The analyst's second step: train a classifier on those labels (built-in encoder), label a few
 * more, score the archive with it through the demo's own worker (reclassify --queue), and read its
 * validation on the articles it was not trained on.
 */
async function trainOnTheLabels(call: Call): Promise<void> {
  const env = {
    DATABASE_URL: databaseUrl(database),
    REDIS_URL,
    QUEUE_PREFIX: demoQueuePrefix(database),
    MODEL_CACHE_DIR: TEST_MODEL_CACHE,
    MODEL_LOCAL_DIR: demoModels,
    MODELS_OFFLINE: 'true',
  };
  const trained = await stancewatch(
    ['train', '--name', 'demo', '--encoder', 'builtin', '--baseline', 'none', '--folds', '3', '--json'],
    env,
  );
  expect(trained).toMatchObject({ code: 0 });
  const report = JSON.parse(trained.stdout);
  expect(report.labels.total).toBe(100);

  const more = await call('GET', '/api/v1/labels/sample?n=20&seed=held-out');
  for (const article of more.body.articles as Json[]) {
    const label = article.score.stance.label;
    expect(
      (await call('PUT', `/api/v1/articles/${article.id}/labels`, { lens: more.body.sample.lens, label }))
        .status,
    ).toBe(200);
  }
  const queued = await stancewatch(
    ['reclassify', '--lens', 'russia-china', '--model', 'trained/demo', '--queue', '--json'],
    env,
  );
  expect(queued).toMatchObject({ code: 0 });
  expect(JSON.parse(queued.stdout).queuedJobs).toBeGreaterThan(0);
  const validation = await waitFor(
    'the trained classifier validated on the 20 held-out articles',
    async () => {
      const body = (await call('GET', '/api/v1/validation?model=trained/demo')).body;
      return body?.unscored === 0 && body.n === 20 ? body : null;
    },
    60_000,
    COMPUTED_READ_EVERY_MS,
  );
  expect(validation.heldOut).toMatchObject({
    trainedOn: 100,
    leftOut: 100,
    baseline: { model: 'stancewatch-builtin-nli', n: 20 },
  });
  const models = (await call('GET', '/api/v1/models')).body;
  expect(models.trained).toEqual([expect.objectContaining({ id: 'trained/demo', loaded: true })]);
}

const workingOutlets = [...new Set(DEMO_OUTLETS.filter((o) => !o.breakage).map((o) => o.outlet))];

test('the demo shows trends, sources, feed errors and a verified alert within a minute; Ctrl-C stops it; a rerun duplicates nothing', async () => {
  const first = startDemo();
  await waitFor(
    'the URL to open',
    async () => first.stdout().includes(`open http://localhost:${apiPort}`),
    60_000,
  );

  const trends = await waitFor(
    'trend points over 20 days',
    async () => {
      const body = await api<{ points: { n: number }[] }>('/api/v1/trends?interval=day');
      return body && body.points.filter((point) => point.n > 0).length >= 20 ? body : null;
    },
    90_000,
    COMPUTED_READ_EVERY_MS,
  );
  expect(trends.points.some((point) => point.n > 0)).toBe(true);

  const sources = await waitFor(
    'every working outlet among the sources',
    async () => {
      const body = await api<{ sources: { outlet: string; articles: number }[] }>('/api/v1/sources');
      const outlets = new Set(body?.sources.filter((s) => s.articles > 0).map((s) => s.outlet));
      return workingOutlets.every((outlet) => outlets.has(outlet)) ? body : null;
    },
    45_000,
    COMPUTED_READ_EVERY_MS,
  );
  expect(sources.sources.length).toBeGreaterThanOrEqual(DEMO_OUTLETS.length);

  const feeds = await waitFor(
    'broken feeds in error',
    async () => {
      const body = await api<{ feeds: FeedRow[] }>('/api/v1/feeds');
      const failing = body?.feeds.filter((feed) => feed.lastStatus === 'error') ?? [];
      return failing.length >= 2 ? body : null;
    },
    30_000,
  );
  expect(feeds.feeds).toHaveLength(DEMO_OUTLETS.length);
  expect(feeds.feeds.find((feed) => /html/i.test(feed.lastError ?? ''))?.lastStatus).toBe('error');
  expect(feeds.feeds.find((feed) => /HTTP 500/.test(feed.lastError ?? ''))?.lastStatus).toBe('error');

  await eventually(
    async () => /demo receiver: verified alert\.firing evt_[0-9a-f]{24} \(.+\)/.test(first.stdout()),
    45_000,
  );

  const call = await analyst();
  await measureTheMeasurement(call);
  await trainOnTheLabels(call);
  expect(first.stdout()).not.toMatch(/demo receiver: rejected/);

  const stopped = await stop(first);
  expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });
  expect(stopped.ms).toBeLessThan(8_000);
  const before = await articleCount();
  expect(before).toBeGreaterThan(1000);

  // Again: the same feeds are polled right away, and only items published since then are new.
  const secondStart = Date.now();
  const second = startDemo();
  await waitFor(
    'every feed polled again',
    async () => {
      const body = await api<{ feeds: FeedRow[] }>('/api/v1/feeds');
      const polled = body?.feeds.filter(
        (f) => f.lastPolledAt && Date.parse(f.lastPolledAt) >= secondStart - 1000,
      );
      return polled && polled.length >= DEMO_OUTLETS.length ? polled : null;
    },
    60_000,
  );
  const after = await articleCount();
  const again = await api<{ feeds: FeedRow[] }>('/api/v1/feeds');
  expect(again?.feeds).toHaveLength(DEMO_OUTLETS.length);
  expect(after).toBeGreaterThanOrEqual(before);
  expect(after - before).toBeLessThan(before * 0.1);
  const stoppedAgain = await stop(second);
  expect(stoppedAgain.code).toBe(0);
}, 300_000);
