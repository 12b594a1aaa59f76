import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  ArticleImporter,
  addImportResults,
  emptyImportResult,
  parseJsonLines,
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
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  let buffer: string[] = [];
  let firstLine = 1;
  const flush = async () => {
    const { records, rejected } = parseJsonLines(buffer.join('\n'), firstLine);
    if (records.length + rejected.length > 0) await work(records, rejected);
    buffer = [];
    firstLine = lineNumber + 1;
  };
  try {
    for await (const line of lines) {
      lineNumber += 1;
      buffer.push(line);
      if (buffer.length >= CHUNK_LINES) await flush();
    }
    await flush();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new CommandError(`cannot read ${path} (${code})`);
    throw error;
  } finally {
    lines.close();
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
