import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import type { ImportRejection, JsonLines } from '../../../../libs/feeds/src/index.js';
import { modelIdFor } from '../../../../libs/nlp/src/index.js';
import {
  LabelRepository,
  SAMPLE_STRATA,
  summariseLabels,
  type LabelCursor,
  type LabelSummary,
  type ListedLabel,
  type SampleStratum,
} from '../../../../libs/scoring/src/index.js';
import { DEFAULT_SAMPLE, MAX_LABEL_PAGE, MAX_SAMPLE } from '../../../api/src/labels/label-inputs.js';
import {
  LABEL_CSV_HEADER,
  labelCsvRows,
  listedLabelView,
  sampleView,
} from '../../../api/src/labels/label-views.js';
import { toCsv } from '../../../api/src/http/csv.js';
import type { CliContext } from '../cli-context.js';
import { CommandError, UsageError, printJson, type CliIo } from '../cli-io.js';
import { forEachJsonLinesChunk } from '../json-lines-file.js';
import { isRejection, readLabelLine, type LabelLine, type LabelLineDefaults } from './label-lines.js';

const labelsOf = (ctx: CliContext) => new LabelRepository(ctx.db);

/** The lens asked for, or the configured default (as the API takes it); a usage error names the others. */
function lensOf(ctx: CliContext, requested: string | undefined): string {
  const lenses = ctx.lenses;
  const name = requested ?? lenses.default?.name;
  if (name !== undefined && lenses.find(name)) return name;
  throw new UsageError(
    `unknown lens "${requested ?? ''}"; available lenses: ${lenses.names.join(', ')} (choose one with --lens NAME)`,
  );
}

function annotatorOption(text: string | undefined, required: boolean): string | null {
  const name = text?.trim();
  if (name === undefined && !required) return null;
  if (!name) throw new UsageError('--annotator must name who labels, e.g. --annotator alice');
  if (name.length > 200) throw new UsageError('--annotator must be at most 200 characters');
  return name;
}

export interface ImportLabelsReport {
  file: string;
  /** Labels stored; a label an annotator already had for the article and lens is replaced. */
  stored: number;
  /** Lines read (blank lines are not counted). */
  received: number;
  rejected: ImportRejection[];
}

/**
 * `stancewatch labels import --file F.jsonl [--annotator NAME] [--json]`: stores gold labels, one JSON
 * object per line (`{"url" or "articleId", "label", "lens"?, "annotator"?, "note"?}`, as `labels export`
 * writes them). Bad lines are reported by number and the rest stored. Exit status 1 when the file
 * cannot be read or no line could be used.
 */
export async function importLabels(
  ctx: CliContext,
  opts: { file: string; annotator?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const defaults: LabelLineDefaults = {
    lens: ctx.lenses.default?.name ?? null,
    lenses: ctx.lenses.names,
    annotator: annotatorOption(opts.annotator, false),
  };
  const labels = labelsOf(ctx);
  const report: ImportLabelsReport = { file: opts.file, stored: 0, received: 0, rejected: [] };
  await forEachJsonLinesChunk(opts.file, async (chunk) => {
    const { stored, rejected } = await storeChunk(labels, chunk, defaults);
    report.stored += stored;
    report.received += chunk.records.length + chunk.rejected.length;
    report.rejected.push(...rejected);
  });
  printImport(report, Boolean(opts.json), io);
  return report.received > 0 && report.stored === 0 ? 1 : 0;
}

/** Stores a chunk's good lines in file order (a later line for the same label replaces an earlier one). */
async function storeChunk(
  labels: LabelRepository,
  chunk: JsonLines,
  defaults: LabelLineDefaults,
): Promise<{ stored: number; rejected: ImportRejection[] }> {
  const rejected = [...chunk.rejected];
  const lines: LabelLine[] = [];
  for (const record of chunk.records) {
    const read = readLabelLine(record, defaults);
    if (isRejection(read)) rejected.push(read);
    else lines.push(read);
  }
  const urls = [...new Set(lines.flatMap((line) => ('url' in line.article ? [line.article.url] : [])))];
  const idsByUrl = urls.length > 0 ? await labels.articleIdsByUrl(urls) : new Map<string, number>();
  let stored = 0;
  for (const line of lines) {
    const articleId = 'url' in line.article ? idsByUrl.get(line.article.url) : line.article.articleId;
    const { lens, annotator, label: value, note } = line;
    const label =
      articleId === undefined ? null : await labels.put({ articleId, lens, annotator, label: value, note });
    if (label) stored += 1;
    else rejected.push({ line: line.line, reason: noArticle(line) });
  }
  return { stored, rejected: rejected.sort((a, b) => a.line - b.line) };
}

function noArticle(line: LabelLine): string {
  return 'url' in line.article
    ? `no article with the URL ${line.article.url}; import the article first (stancewatch import) or give its "articleId"`
    : `no article with id ${line.article.articleId}; give an id from the archive or the article's "url"`;
}

function printImport(report: ImportLabelsReport, json: boolean, io: CliIo): void {
  if (json) return printJson(io, report);
  io.stdout.write(
    `stored ${report.stored} label(s), rejected ${report.rejected.length} of ${report.received} line(s); ` +
      "an annotator's earlier label of the same article and lens is replaced\n",
  );
  for (const { line, reason } of report.rejected) io.stdout.write(`  line ${line}: ${reason}\n`);
}

/** Where an export goes: stdout, or a file (created or emptied), written with back-pressure. */
interface Sink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

async function sinkFor(out: string | undefined, io: CliIo): Promise<Sink> {
  if (out === undefined)
    return {
      write: async (text) => {
        if (!io.stdout.write(text)) await once(io.stdout, 'drain');
      },
      close: async () => undefined,
    };
  const file = await open(out, 'w').catch((error: NodeJS.ErrnoException) => {
    throw new CommandError(`cannot write ${out} (${error.code ?? error.message})`);
  });
  return {
    write: async (text) => {
      await file.write(text);
    },
    close: () => file.close(),
  };
}

/** An exported label: the API's listed label, by URL when the article has one, so that a fresh archive reads it back. */
function exportedLabel(label: ListedLabel) {
  const { articleId, ...view } = listedLabelView(label);
  return label.url === null ? { articleId, ...view } : view;
}

/**
 * `stancewatch labels export [--lens L] [--annotator A] [--csv] [--out FILE]`: every label, newest
 * first, read in keyset pages. JSON Lines (one label per line, re-importable with `labels import`) or
 * the API's CSV.
 */
export async function exportLabels(
  ctx: CliContext,
  opts: { lens?: string; annotator?: string; csv?: boolean; out?: string },
  io: CliIo,
): Promise<number> {
  const labels = labelsOf(ctx);
  const filter = { lens: opts.lens ?? null, annotator: annotatorOption(opts.annotator, false) };
  const sink = await sinkFor(opts.out, io);
  let exported = 0;
  try {
    if (opts.csv) await sink.write(toCsv(LABEL_CSV_HEADER, []));
    let after: LabelCursor | null = null;
    for (;;) {
      const page = await labels.list({ ...filter, from: null, to: null, after, limit: MAX_LABEL_PAGE });
      if (page.length === 0) break;
      await sink.write(
        opts.csv
          ? labelCsvRows(page)
          : page.map((label) => `${JSON.stringify(exportedLabel(label))}\n`).join(''),
      );
      exported += page.length;
      const last = page[page.length - 1];
      after = { labelledMicros: last.labelledMicros, id: last.id };
    }
  } finally {
    await sink.close();
  }
  io.stderr.write(`exported ${exported} label(s)${opts.out ? ` to ${opts.out}` : ''}\n`);
  return 0;
}

function parseSampleSize(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SAMPLE;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_SAMPLE)
    throw new UsageError(`--n expects a whole number from 1 to ${MAX_SAMPLE}, got "${text}"`);
  return n;
}

function parseStratum(text: string | undefined): SampleStratum | null {
  if (text === undefined) return null;
  if (!(SAMPLE_STRATA as readonly string[]).includes(text))
    throw new UsageError(`--stratify expects one of ${SAMPLE_STRATA.join(', ')}, got "${text}"`);
  return text as SampleStratum;
}

/**
 * `stancewatch labels sample --annotator NAME [--lens] [--model] [--n] [--seed] [--stratify] [--json]`:
 * scored articles the annotator has not labelled, drawn as the API draws them. `--json` prints the
 * API's body, one object: `{sample: {seed, eligible, strata, ...}, articles: [...]}`.
 */
export async function sampleArticles(
  ctx: CliContext,
  opts: {
    lens?: string;
    model?: string;
    n?: string;
    seed?: string;
    stratify?: string;
    annotator?: string;
    json?: boolean;
  },
  io: CliIo,
): Promise<number> {
  const drawing = {
    lens: lensOf(ctx, opts.lens),
    model: opts.model ?? modelIdFor(ctx.config.models.nliModel, 'nli'),
    annotator: annotatorOption(opts.annotator, true)!,
    n: parseSampleSize(opts.n),
    seed: opts.seed ?? randomBytes(6).toString('base64url'),
    stratify: parseStratum(opts.stratify),
  };
  const drawn = await labelsOf(ctx).sample({ ...drawing, from: null, to: null });
  const view = sampleView(drawing, drawn);
  if (opts.json) printJson(io, view);
  else printSample(view, io);
  return 0;
}

function printSample({ sample, articles }: ReturnType<typeof sampleView>, io: CliIo): void {
  io.stdout.write(
    `seed ${sample.seed}: ${articles.length} of ${sample.eligible} eligible article(s) for ${sample.annotator} ` +
      `(lens ${sample.lens}, model ${sample.model}); the same seed draws them again\n`,
  );
  if (sample.stratify)
    io.stdout.write(
      `strata by ${sample.stratify}: ${sample.strata.map((s) => `${s.key} ${s.drawn} of ${s.eligible}`).join(', ')}\n`,
    );
  for (const article of articles)
    io.stdout.write(
      [
        String(article.id).padStart(8),
        (article.language ?? '-').padEnd(7),
        article.outlet.slice(0, 20).padEnd(20),
        (article.title ?? '-').slice(0, 60).padEnd(60),
        article.url ?? '-',
      ].join('  ') + '\n',
    );
}

/** `stancewatch labels summary [--lens L] [--json]`: the API's summary of a lens's gold labels. */
export async function summariseLensLabels(
  ctx: CliContext,
  opts: { lens?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const lens = lensOf(ctx, opts.lens);
  const summary = summariseLabels(await labelsOf(ctx).forLens(lens));
  if (opts.json) printJson(io, { lens, ...summary });
  else io.stdout.write(summaryText(lens, summary));
  return 0;
}

const classes = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');

function summaryText(lens: string, summary: LabelSummary): string {
  const { agreement } = summary;
  const alpha =
    agreement.alpha === null
      ? `not defined (${agreement.reason})`
      : `${agreement.alpha.toFixed(3)} over ${agreement.units} article(s) labelled twice or more, ${agreement.values} label(s)`;
  return [
    `lens ${lens}: ${summary.labels} label(s) of ${summary.articles} article(s)`,
    `annotators: ${summary.annotators.map((a) => `${a.annotator} ${a.labels}`).join(', ') || 'none'}`,
    `gold labels (majority): ${classes(summary.gold)}; disputed (tied) ${summary.disputed}`,
    ...Object.entries(summary.byLanguage).map(([language, counts]) => `  ${language}: ${classes(counts)}`),
    `Krippendorff's alpha (nominal): ${alpha}`,
  ]
    .map((line) => `${line}\n`)
    .join('');
}
