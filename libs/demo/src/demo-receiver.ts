import http from 'node:http';
import { listen, stopServer } from './local-server.js';

export interface DemoReceiver {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * What an operator's webhook receiver does: checks each delivery's Standard Webhooks signature with
 * the reference `standardwebhooks` package (not stancewatch's own signer) and logs what it accepted.
 * Answers 204 when verified, 401 otherwise.
 */
export async function startDemoReceiver(
  port: number,
  secret: string,
  log: (line: string) => void,
): Promise<DemoReceiver> {
  // A dev dependency: the demo runs from a clone after `npm ci`, not from a production install.
  const { Webhook } = await import('standardwebhooks');
  const verifier = new Webhook(secret);
  const server = http.createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const event = verifier.verify(body, req.headers as Record<string, string>) as {
          id?: string;
          type?: string;
          summary?: string;
        };
        log(`demo receiver: verified ${event.type} ${event.id} (${event.summary ?? 'no summary'})`);
        res.writeHead(204).end();
      })
      .catch((error: Error) => {
        log(`demo receiver: rejected a delivery: ${error.message}`);
        res.writeHead(401, { 'Content-Type': 'text/plain' }).end('signature not verified\n');
      });
  });
  await listen(server, port);
  return { url: `http://127.0.0.1:${port}/webhook`, close: () => stopServer(server) };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
