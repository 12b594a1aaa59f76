import { createReadStream } from 'node:fs';
import {
  ArticleImporter,
  addImportResults,
  emptyImportResult,
  readJsonLine,
  streamedLines,
  type JsonLines,
  type ImportRecord,
  type ImportRejection,
  type ImportResult,
} from '../../../../libs/feeds/src/index.js';
import type { CliContext } from '../cli-context.js';
import { CommandError, printJson, type CliIo } from '../cli-io.js';

// Lines per importer call: the file is streamed, never held whole in memory.
const CHUNK_LINES = 2_000;

/**
 * `stancewatch import --file F.jsonl [--json]`: back-fills articles, one JSON object per line
 * (`{"url", "title", "summary"?, "publishedAt", "outlet"?, "language"?}`). Bad lines are reported by
 * number and the rest imported. Exit status 1 when the file cannot be read or no line could be used.
 */
export async function importArticles(
  ctx: CliContext,
  opts: { file: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const importer = await ctx.service(ArticleImporter);
  let total = emptyImportResult();
  await forEachChunk(opts.file, async (records, rejected) => {
    total = addImportResults(total, await importer.import(records, 'cli', rejected));
  });
  report(total, Boolean(opts.json), io);
  return total.received > 0 && total.rejected.length === total.received ? 1 : 0;
}

async function forEachChunk(
  path: string,
  work: (records: ImportRecord[], rejected: ImportRejection[]) => Promise<void>,
): Promise<void> {
  const input = createReadStream(path, 'utf8');
  let chunk: JsonLines = { records: [], rejected: [] };
  let linesInChunk = 0;
  const flush = async () => {
    if (chunk.records.length + chunk.rejected.length > 0) await work(chunk.records, chunk.rejected);
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

function report(result: ImportResult, json: boolean, io: CliIo): void {
  if (json) return printJson(io, result);
  const queued =
    result.classifyJobs === null
      ? 'classification not queued (Redis unavailable); the backlog sweep will queue them'
      : `${result.classifyJobs} classification job(s) queued`;
  io.stdout.write(
    `imported ${result.imported}, duplicates ${result.duplicates}, relevant ${result.relevant}, ` +
      `rejected ${result.rejected.length} of ${result.received} line(s); ${queued}\n`,
  );
  for (const { line, reason } of result.rejected) io.stdout.write(`  line ${line}: ${reason}\n`);
}
