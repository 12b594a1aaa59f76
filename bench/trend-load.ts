import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

/** What autocannon measured against one URL. */
export interface LoadResult {
  path: string;
  connections: number;
  durationSec: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  /** Responses other than 2xx, errors and timeouts: any of these makes the figure suspect. */
  failures: number;
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

/**
 * Runs autocannon (its CLI, in a process of its own, so the load generator does not share the
 * bench's event loop) against `base + path` for `durationSec` with `connections` keep-alive
 * connections, one request in flight on each.
 */
export async function loadTest(
  base: string,
  path: string,
  options: { connections: number; durationSec: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    // A slow route under load must count as slow, not as timed out: 60 s per request before a timeout.
    [
      cli,
      '--json',
      '-t',
      '60',
      '-c',
      String(options.connections),
      '-d',
      String(options.durationSec),
      ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}=${value}`]),
      `${base}${path}`,
    ],
    { maxBuffer: 16 * 2 ** 20, timeout: (options.durationSec + 120) * 1000 },
  );
  const result = JSON.parse(stdout) as AutocannonJson;
  return {
    path,
    connections: options.connections,
    durationSec: result.duration,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
