import type { INestApplication } from '@nestjs/common';
import { createApi } from '../../apps/api/src/create-api.js';
import { captureOutput, type CapturedOutput } from '../support/capture-output.js';
import { eventually } from '../support/eventually.js';
import { listenLocally } from '../support/listen-locally.js';
import { freePort } from '../support/redis-server.js';
import { testConfig, testEnvironment } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { WorkerProcesses } from '../support/worker-process.js';

type Dependency = 'postgres' | 'redis';

interface Answer {
  status: number;
  type: string | null;
  text: string;
}

const get = async (url: string): Promise<Answer> => {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};

/**
 * What an orchestrator and an anonymous caller see of a dependency that does not answer: the
 * process is alive (/healthz 200), not ready (/readyz 503 problem+json naming the dependency), and
 * the driver's error, which names hosts and ports, is in the log but not in the answer.
 */
function expectNotReady(health: Answer, ready: Answer, dependency: Dependency, closedPort: number): void {
  expect(health.status).toBe(200);
  expect({ status: ready.status, type: ready.type }).toEqual({
    status: 503,
    type: expect.stringContaining('application/problem+json'),
  });
  const body = JSON.parse(ready.text) as Record<string, unknown>;
  expect(body).toMatchObject({
    type: 'about:blank',
    status: 503,
    detail: `not ready: ${dependency} does not answer`,
  });
  expect(ready.text).not.toMatch(/ECONNREFUSED/i);
  expect(ready.text).not.toContain(String(closedPort));
}

/** The structured line the readiness check logs for the dependency, with the driver's error. */
function failureLogged(lines: Array<Record<string, unknown>>, dependency: Dependency) {
  return lines.find(
    (line) =>
      line.msg === 'readiness check failed' &&
      line.check === dependency &&
      typeof line.error === 'string' &&
      line.error.length > 0,
  );
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('readiness while PostgreSQL or Redis is on a closed port', () => {
  let target: TestDatabase;
  const workers = new WorkerProcesses();

  beforeAll(async () => {
    target = await createTestDatabase();
  });

  afterAll(async () => {
    await workers.killAll();
    await target?.drop();
  });

  /** The environment with the dependency moved to a port nobody listens on. */
  const pointedAway = async (dependency: Dependency) => {
    const port = await freePort();
    const moved: Record<string, string> =
      dependency === 'postgres'
        ? { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/stancewatch` }
        : { REDIS_URL: `redis://127.0.0.1:${port}` };
    return { port, env: testEnvironment(target.url, { LOG_LEVEL: 'warn', ...moved }) };
  };

  describe.each<Dependency>(['postgres', 'redis'])('the API, %s away', (dependency) => {
    let api: INestApplication | undefined;
    let output: CapturedOutput | undefined;

    afterEach(async () => {
      output?.restore();
      await api?.close();
    });

    it('is alive, answers 503 naming it without the driver error, and logs the error', async () => {
      const { port, env } = await pointedAway(dependency);
      output = captureOutput();
      api = await createApi(testConfig(env.DATABASE_URL, env));
      const base = await listenLocally(api);
      expectNotReady(await get(`${base}/healthz`), await get(`${base}/readyz`), dependency, port);
      const logged = failureLogged(jsonLines(output.text()), dependency);
      expect(logged).toMatchObject({ level: 'warn', context: 'Readiness' });
    }, 30_000);
  });

  describe.each<Dependency>(['postgres', 'redis'])('the worker process, %s away', (dependency) => {
    it('is alive, answers 503 naming it without the driver error, and logs the error', async () => {
      const { port, env } = await pointedAway(dependency);
      const httpPort = await freePort();
      // At `log`: the worker says when its health server listens at that level.
      const worker = workers.start({
        ...env,
        LOG_LEVEL: 'log',
        WORKER_QUEUES: 'webhook-deliver',
        WORKER_HTTP_PORT: String(httpPort),
      });
      await eventually(
        async () => worker.logs().some((line) => line.msg === 'worker health and metrics'),
        20_000,
      );
      const base = `http://127.0.0.1:${httpPort}`;
      expectNotReady(await get(`${base}/healthz`), await get(`${base}/readyz`), dependency, port);
      const logged = await eventually(async () => failureLogged(worker.logs(), dependency) ?? null, 5_000);
      expect(logged).toMatchObject({ level: 'warn' });
      await worker.stop();
    }, 40_000);
  });
});
