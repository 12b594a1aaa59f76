import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileAccess, looksZipped, singleZipEntry } from './zip-entry.js';

/**
 * The bytes of an import file, unzipped when it is a `.zip` (GDELT's `….gkg.csv.zip`), with the
 * size they will add up to, for progress. Errors of the file system keep their code (ENOENT …).
 */
export async function importFileBytes(
  path: string,
): Promise<{ bytes: AsyncIterable<Uint8Array>; size: number; zipped: boolean; close: () => Promise<void> }> {
  const handle = await open(path, 'r');
  const start = Buffer.alloc(4);
  let size: number;
  try {
    await handle.read(start, 0, 4, 0);
    size = (await handle.stat()).size;
  } finally {
    await handle.close();
  }
  if (!looksZipped(start)) {
    const stream = createReadStream(path);
    return { bytes: stream, size, zipped: false, close: async () => void stream.destroy() };
  }
  const access = await fileAccess(path);
  try {
    const entry = await singleZipEntry(access);
    return { bytes: entry.bytes, size: entry.uncompressedSize, zipped: true, close: () => access.close() };
  } catch (error) {
    await access.close();
    throw error;
  }
}
