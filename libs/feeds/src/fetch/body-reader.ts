import type { IncomingMessage } from 'node:http';
import zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import { FetchError } from '../../../http/src/index.js';

/** The body as decoded bytes, with the limit applied to what arrives on the wire and to what it expands to. */
export interface BodyReader {
  done: Promise<Buffer>;
  /** Stops reading and releases zlib memory; the promise then never settles (the caller already failed). */
  abort(): void;
}

type Encoding = 'gzip' | 'deflate' | 'br';

/**
 * Codings one body may stack. Servers apply one, a misconfigured proxy sometimes a second; each
 * further one is a decompressor in the chain, so 3,000 × gzip held a poll slot until the deadline.
 */
export const MAX_CONTENT_CODINGS = 2;

export function readBody(res: IncomingMessage, url: string, maxBodyBytes: number): BodyReader {
  let chain: Transform[] = [];
  let settled = false;
  let abort = () => {};
  const done = new Promise<Buffer>((resolve, reject) => {
    const encodings = parseContentEncoding(res.headers['content-encoding'], url);
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let bodyBytes = 0;

    const cleanUp = () => {
      settled = true;
      res.removeAllListeners('data');
      for (const stream of chain) stream.destroy();
      res.destroy();
    };
    abort = cleanUp;
    const fail = (err: FetchError) => {
      if (settled) return;
      cleanUp();
      reject(err);
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, bodyBytes));
    };
    const collect = (chunk: Buffer) => {
      if (settled) return;
      bodyBytes += chunk.length;
      if (bodyBytes > maxBodyBytes) {
        const where = encodings.length > 0 ? `after decompressing (${encodings.join(', ')})` : 'on the wire';
        fail(tooLarge(url, maxBodyBytes, where));
        return;
      }
      chunks.push(chunk);
    };

    res.on('data', (chunk: Buffer) => {
      if (settled) return;
      wireBytes += chunk.length;
      if (wireBytes > maxBodyBytes) return fail(tooLarge(url, maxBodyBytes, 'on the wire'));
      if (encodings.length === 0) return collect(chunk);
      if (chain.length === 0) chain = startChain(encodings, chunk, collect, finish, fail, url);
      // Respect zlib's backpressure so a fast server cannot queue compressed input without bound.
      if (!chain[0].write(chunk)) {
        res.pause();
        chain[0].once('drain', () => res.resume());
      }
    });
    res.on('end', () => {
      if (settled) return;
      if (chain.length === 0) return finish();
      chain[0].end();
    });
    res.on('error', (err) => fail(bodyInterrupted(url, err)));
    res.on('close', () => {
      if (!res.complete) fail(bodyInterrupted(url, new Error('connection closed')));
    });
  });
  return { done, abort: () => abort() };
}

function startChain(
  encodings: Encoding[],
  firstChunk: Buffer,
  collect: (chunk: Buffer) => void,
  finish: () => void,
  fail: (err: FetchError) => void,
  url: string,
): Transform[] {
  // Content-Encoding lists codings in the order they were applied; undo them from last to first.
  const chain = [...encodings]
    .reverse()
    .map((encoding, i) => decoderFor(encoding, i === 0 ? firstChunk : null));
  for (let i = 0; i < chain.length - 1; i++) chain[i].pipe(chain[i + 1]);
  const last = chain[chain.length - 1];
  last.on('data', collect);
  last.on('end', finish);
  for (const stream of chain) {
    stream.on('error', (err: Error) =>
      fail(
        new FetchError('decompression', url, `${url}: cannot decompress the body (${err.message})`, {
          cause: err,
        }),
      ),
    );
  }
  return chain;
}

function decoderFor(encoding: Encoding, firstChunk: Buffer | null): Transform {
  if (encoding === 'gzip') return zlib.createGunzip();
  if (encoding === 'br') return zlib.createBrotliDecompress();
  // "deflate" should be zlib-wrapped (RFC 9110) but some servers send raw deflate; the header tells them apart.
  return firstChunk !== null && !looksLikeZlibHeader(firstChunk)
    ? zlib.createInflateRaw()
    : zlib.createInflate();
}

function looksLikeZlibHeader(chunk: Buffer): boolean {
  if (chunk.length < 2) return true;
  return (chunk[0] & 0x0f) === 8 && ((chunk[0] << 8) | chunk[1]) % 31 === 0;
}

function parseContentEncoding(header: string | undefined, url: string): Encoding[] {
  const tokens = (header ?? '')
    .split(',')
    .map((raw) => raw.trim().toLowerCase())
    .filter((token) => token !== '' && token !== 'identity');
  if (tokens.length > MAX_CONTENT_CODINGS) {
    throw new FetchError(
      'decompression',
      url,
      `${url}: Content-Encoding stacks ${tokens.length} codings; at most ${MAX_CONTENT_CODINGS} are decoded`,
    );
  }
  return tokens.map((token) => encodingOf(token, url));
}

function encodingOf(token: string, url: string): Encoding {
  if (token === 'gzip' || token === 'x-gzip') return 'gzip';
  if (token === 'deflate' || token === 'br') return token;
  throw new FetchError('decompression', url, `${url}: unsupported Content-Encoding "${token}"`);
}

export function tooLarge(url: string, maxBodyBytes: number, where: string): FetchError {
  return new FetchError(
    'too-large',
    url,
    `${url}: body exceeds the ${formatBytes(maxBodyBytes)} limit ${where}`,
  );
}

function bodyInterrupted(url: string, err: Error): FetchError {
  return new FetchError('network', url, `${url}: connection lost while reading the body (${err.message})`, {
    cause: err,
  });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
