import {
  ArticleImporter,
  ImportFormatError,
  ZipError,
  addImportResults,
  emptyImportResult,
  forEachImportChunk,
  importEntries,
  importFileBytes,
  type ImportFormat,
  type ImportResult,
} from '../../../../libs/feeds/src/index.js';
import type { CliContext } from '../cli-context.js';
import { CommandError, printJson, type CliIo } from '../cli-io.js';
import { importProgress } from '../import-progress.js';

/**
 * `stancewatch import --file F [--format auto|jsonl|gdelt-doc|gdelt-gkg|mediacloud-csv|csv] [--map …]
 * [--json]`: back-fills articles from an export, streamed (a 2 GB GKG day is read in constant
 * memory), progress on stderr for large files. Bad records are reported by number and the rest
 * imported. Exit status 1 when the file cannot be read or no record could be used.
 */
export async function importArticles(
  ctx: CliContext,
  opts: { file: string; format?: ImportFormat; map?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const importer = await ctx.service(ArticleImporter);
  const file = await openFile(opts.file);
  const progress = importProgress(io, file.size);
  let total = emptyImportResult();
  try {
    const { entries } = await importEntries(progress.counting(file.bytes), {
      format: opts.format,
      map: opts.map,
    });
    await forEachImportChunk(entries, async ({ records, rejected, skipped }) => {
      total = addImportResults(total, await importer.import(records, 'cli', rejected, skipped));
      progress.records(total.received);
    });
  } catch (error) {
    throw asCommandError(error, opts.file);
  } finally {
    await file.close();
  }
  progress.done();
  report(total, Boolean(opts.json), io);
  const considered = total.received - total.skipped;
  return considered > 0 && total.rejected.length === considered ? 1 : 0;
}

async function openFile(path: string) {
  try {
    return await importFileBytes(path);
  } catch (error) {
    throw asCommandError(error, path);
  }
}

/** One line that says what is wrong with the file, and so what to change. */
function asCommandError(error: unknown, path: string): unknown {
  if (error instanceof ImportFormatError || error instanceof ZipError)
    return new CommandError(`${path}: ${error.message}`);
  const code = (error as NodeJS.ErrnoException).code;
  if (code) return new CommandError(`cannot read ${path} (${code})`);
  return error;
}

function report(result: ImportResult, json: boolean, io: CliIo): void {
  if (json) return printJson(io, result);
  const queued =
    result.classifyJobs === null
      ? 'classification not queued (Redis unavailable); the backlog sweep will queue them'
      : `${result.classifyJobs} classification job(s) queued`;
  const skipped = result.skipped ? `, skipped ${result.skipped} (not web articles)` : '';
  io.stdout.write(
    `imported ${result.imported}, duplicates ${result.duplicates}, relevant ${result.relevant}${skipped}, ` +
      `rejected ${result.rejected.length} of ${result.received} line(s); ${queued}\n`,
  );
  for (const { outlet, field, kept, count } of result.disagreements)
    io.stdout.write(
      `  ${outlet}: ${count} record(s) gave another ${field} than ${kept}, which the outlet keeps\n`,
    );
  for (const { line, reason } of result.rejected) io.stdout.write(`  line ${line}: ${reason}\n`);
}
