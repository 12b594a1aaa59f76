/**
 * A webhook receiver on 127.0.0.1 for integration tests: it records every request with its exact body
 * and answers from a per-path script (status, headers, delay), then 200 once the script runs out.
 * `stop()` and `start()` take it down and bring it back on the same port (a receiver that was down).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receipt {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Wait this long before answering (longer than the sender's timeout: a hanging receiver). */
  delayMs?: number;
  body?: string;
}

export interface WebhookReceiver {
  readonly port: number;
  url(path: string): string;
  receipts(path: string): Receipt[];
  /** Answers for the next requests to `path`, in order; afterwards 200. */
  script(path: string, answers: ScriptedAnswer[]): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const all: Receipt[] = [];
  const scripts = new Map<string, ScriptedAnswer[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      all.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = scripts.get(path)?.shift() ?? { status: 200, body: 'ok' };
      const timer = setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? '');
      }, answer.delayMs ?? 0);
      res.on('close', () => clearTimeout(timer));
    });
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const port = await listen(0);
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    receipts: (path) => all.filter((receipt) => receipt.path === path),
    script: (path, answers) => scripts.set(path, [...answers]),
    stop,
    start: async () => {
      await listen(port);
    },
    close: stop,
  };
}
