import { createReadStream } from 'node:fs';
import { readJsonLine, streamedLines, type JsonLines } from '../../../libs/feeds/src/index.js';
import { CommandError } from './cli-io.js';

// Lines per chunk: the file is streamed, never held whole in memory.
const CHUNK_LINES = 2_000;

/**
 * Reads a JSON Lines file in chunks of numbered records (bad JSON and overlong lines already rejected
 * by number), handing each chunk to `work` before reading on. An unreadable file is a CommandError.
 */
export async function forEachJsonLinesChunk(
  path: string,
  work: (chunk: JsonLines) => Promise<void>,
): Promise<void> {
  const input = createReadStream(path, 'utf8');
  let chunk: JsonLines = { records: [], rejected: [] };
  let linesInChunk = 0;
  const flush = async () => {
    if (chunk.records.length + chunk.rejected.length > 0) await work(chunk);
    [chunk, linesInChunk] = [{ records: [], rejected: [] }, 0];
  };
  try {
    for await (const { line, text } of streamedLines(input)) {
      readJsonLine(chunk, line, text);
      linesInChunk += 1;
      if (linesInChunk >= CHUNK_LINES) await flush();
    }
    await flush();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new CommandError(`cannot read ${path} (${code})`);
    throw error;
  } finally {
    input.destroy();
  }
}
