import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/**
 * The one file inside a `.zip` (GDELT ships each GKG file as `….gkg.csv.zip` holding one entry),
 * streamed out through node:zlib, never unpacked whole. The entry is found through the central
 * directory at the archive's end (the local header's sizes may be zero when the writer streamed),
 * so the source must allow reading at an offset: a file, or a body already in memory.
 */

export const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export interface RandomAccess {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
  stream(start: number, endInclusive: number): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

export interface ZipEntry {
  name: string;
  uncompressedSize: number;
  bytes: AsyncIterable<Uint8Array>;
}

export class ZipError extends Error {}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
// The end record is 22 bytes, followed by a comment of at most 65,535.
const END_SEARCH = 22 + 0xffff;

export function looksZipped(head: Buffer): boolean {
  return head.subarray(0, 4).equals(ZIP_SIGNATURE);
}

export async function singleZipEntry(source: RandomAccess): Promise<ZipEntry> {
  const tailStart = Math.max(0, source.size - END_SEARCH);
  const tail = await source.read(tailStart, source.size - tailStart);
  let end = -1;
  for (let at = tail.length - 22; at >= 0; at -= 1)
    if (tail.readUInt32LE(at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  if (end < 0)
    throw new ZipError(
      'not a readable zip archive (no end of central directory); unzip it and import the file inside',
    );
  const entries = tail.readUInt16LE(end + 10);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff)
    throw new ZipError(
      'a ZIP64 archive, which this reader does not take; unzip it and import the file inside',
    );
  const directory = await source.read(directoryOffset, Math.min(source.size - directoryOffset, 64 * 1024));
  const files = directoryEntries(directory, entries).filter((entry) => !entry.name.endsWith('/'));
  if (files.length !== 1)
    throw new ZipError(
      `the archive holds ${files.length} files (${files
        .map((f) => f.name)
        .slice(0, 5)
        .join(', ')}); ` + 'expected one, as GDELT ships them; unzip it and import each file',
    );
  const [file] = files;
  if (file.method !== 0 && file.method !== 8)
    throw new ZipError(
      `${file.name} is compressed with method ${file.method}; only stored and deflated entries are read`,
    );
  if (file.compressedSize === 0xffffffff || file.uncompressedSize === 0xffffffff)
    throw new ZipError('a ZIP64 entry, which this reader does not take; unzip it and import the file inside');
  const local = await source.read(file.localOffset, 30);
  if (local.readUInt32LE(0) !== LOCAL_HEADER)
    throw new ZipError(`${file.name}: the local header is not where the directory says`);
  const dataStart = file.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw = source.stream(dataStart, dataStart + file.compressedSize - 1);
  const bytes = file.method === 0 ? raw : Readable.from(raw).pipe(createInflateRaw());
  return { name: file.name, uncompressedSize: file.uncompressedSize, bytes };
}

interface DirectoryEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

function directoryEntries(directory: Buffer, count: number): DirectoryEntry[] {
  const entries: DirectoryEntry[] = [];
  let at = 0;
  for (let i = 0; i < count && at + 46 <= directory.length; i += 1) {
    if (directory.readUInt32LE(at) !== DIRECTORY_ENTRY)
      throw new ZipError('the central directory is damaged');
    const nameLength = directory.readUInt16LE(at + 28);
    entries.push({
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      localOffset: directory.readUInt32LE(at + 42),
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
  }
  return entries;
}

/** A body in memory as a random-access source. */
export function bufferAccess(buffer: Buffer): RandomAccess {
  return {
    size: buffer.length,
    read: async (position, length) => buffer.subarray(position, position + length),
    stream: (start, endInclusive) => Readable.from([buffer.subarray(start, endInclusive + 1)]),
    close: async () => {},
  };
}

/** A file as a random-access source; `stream` reads through a stream of its own. */
export async function fileAccess(path: string): Promise<RandomAccess> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    read: async (position, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    },
    stream: (start, endInclusive) =>
      endInclusive < start
        ? Readable.from([])
        : handle.createReadStream({ start, end: endInclusive, autoClose: false }),
    close: () => handle.close(),
  };
}
