/**
 * Streams of an import's bytes and text. Every format reader takes text chunks; detection needs the
 * first bytes before the reader is chosen, so a source can be peeked and then read from its start.
 */

/** Bytes to look at when detecting a format: enough for a GKG row or a CSV header, small enough to hold. */
export const DETECT_BYTES = 64 * 1024;

/** UTF-8 text of a byte stream, a byte-order mark dropped; a character split across chunks is kept whole. */
export async function* utf8Text(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The first `bytes` (or fewer, at the end) and a stream that yields everything from the start. */
export async function peekBytes(
  source: AsyncIterable<Uint8Array>,
  bytes = DETECT_BYTES,
): Promise<{ head: Buffer; all: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const held: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    held.push(next.value);
    length += next.value.length;
  }
  async function* all(): AsyncGenerator<Uint8Array> {
    yield* held;
    held.length = 0;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head: Buffer.concat(held), all: all() };
}

/** Counts the bytes that pass, for progress reports. */
export async function* counted(
  bytes: AsyncIterable<Uint8Array>,
  onBytes: (total: number) => void,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of bytes) {
    total += chunk.length;
    onBytes(total);
    yield chunk;
  }
}

/** A text already in memory (an API body) as a stream of one chunk. */
export async function* textOnce(text: string): AsyncGenerator<string> {
  if (text) yield text;
}
