import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../../../../libs/config/src/index.js';
import { metricsExposition, reportReadiness } from '../../../../libs/metrics/src/index.js';
import { StanceModels } from '../../../../libs/nlp/src/index.js';
import { problemBody } from '../../../../libs/http/src/index.js';
import { notReadyDetail, workerReadiness, type Providers, type ReadinessCheck } from './readiness.js';

export interface WorkerHttpServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The worker's own small HTTP server for orchestrators and Prometheus: `/healthz` (the process is
 * up), `/readyz` (PostgreSQL, Redis and, for classify workers, the models; 503 otherwise) and
 * `/metrics`. Nothing else, and no key: bind it to a private network.
 */
export async function startWorkerHttpServer(
  app: Providers,
  config: AppConfig,
  port: number,
): Promise<WorkerHttpServer> {
  const logger = new Logger('WorkerHttp');
  const readiness = workerReadiness(app, config);
  // The same checks at every scrape: `stancewatch_ready`.
  const unreport = reportReadiness(readiness);
  if (config.workerQueues.includes('classify'))
    // Load the models now rather than at the first job, so readiness turns green without work queued.
    app
      .get(StanceModels, { strict: false })
      .preload()
      .catch((error: unknown) => logger.warn({ msg: 'models not loaded yet', error: String(error) }));
  const server = createServer((request, response) => {
    route(request, response, readiness).catch((error: unknown) => {
      logger.error({ msg: 'worker HTTP request failed', path: request.url, error: String(error) });
      if (!response.headersSent) send(response, 500, 'application/json', { status: 'error' });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        unreport();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  readiness: () => Promise<ReadinessCheck[]>,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://worker').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return send(response, 405, 'application/json', { status: 'method not allowed' });
  if (path === '/healthz') return send(response, 200, 'application/json', { status: 'ok' });
  if (path === '/readyz') {
    const checks = await readiness();
    if (checks.every((c) => c.ok)) return send(response, 200, 'application/json', { status: 'ok', checks });
    // The one error shape of the API too; `checks` says which passed.
    return send(response, 503, 'application/problem+json', {
      ...problemBody(503, notReadyDetail(checks), path),
      checks,
    });
  }
  if (path === '/metrics') {
    const { contentType, body } = await metricsExposition();
    return send(response, 200, contentType, body);
  }
  send(response, 404, 'application/json', {
    status: 'not found',
    routes: ['/healthz', '/readyz', '/metrics'],
  });
}

function send(response: ServerResponse, status: number, type: string, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(text);
}
