import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

/**
 * A stand-in for the model hub on 127.0.0.1 that remembers every request. It answers 404, except for
 * the models it is given to serve: `serve[modelId]` is a folder in Hugging Face layout, answered at the
 * hub's paths, `/{modelId}/resolve/{revision}/{file}`.
 */
export interface RecordingHub {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

async function answer(request: IncomingMessage, response: ServerResponse, serve: Record<string, string>) {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://hub').pathname);
  for (const [modelId, folder] of Object.entries(serve)) {
    const match = new RegExp(`^/${modelId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/resolve/[^/]+/(.+)$`).exec(
      path,
    );
    if (!match) continue;
    const file = normalize(join(folder, match[1]));
    if (!file.startsWith(folder)) break;
    const found = await stat(file).catch(() => null);
    if (!found?.isFile()) break;
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': found.size });
    if (request.method === 'HEAD') return response.end();
    createReadStream(file).pipe(response);
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
}

export async function startRecordingHub(serve: Record<string, string> = {}): Promise<RecordingHub> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    answer(request, response, serve).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
