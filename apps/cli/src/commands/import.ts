import {
  ArticleImporter,
  addImportResults,
  emptyImportResult,
  type ImportResult,
} from '../../../../libs/feeds/src/index.js';
import type { CliContext } from '../cli-context.js';
import { printJson, type CliIo } from '../cli-io.js';
import { forEachJsonLinesChunk } from '../json-lines-file.js';

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
  await forEachJsonLinesChunk(opts.file, async ({ records, rejected }) => {
    total = addImportResults(total, await importer.import(records, 'cli', rejected));
  });
  report(total, Boolean(opts.json), io);
  return total.received > 0 && total.rejected.length === total.received ? 1 : 0;
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
