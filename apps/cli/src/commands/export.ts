import { open } from 'node:fs/promises';
import { once } from 'node:events';
import {
  ArticleExportRepository,
  type ArticleCursor,
  type ArticleExportRow,
} from '../../../../libs/scoring/src/index.js';
import { UTF8_BOM, csvRows, toCsv } from '../../../api/src/http/csv.js';
import type { CliContext } from '../cli-context.js';
import { CommandError, UsageError, type CliIo } from '../cli-io.js';
import { EXPORT_COLUMNS, jsonRow } from '../export/export-columns.js';
import { ParquetSink } from '../export/parquet-sink.js';

export const EXPORT_FORMATS = ['csv', 'ndjson', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Articles read from the database per query. */
export const EXPORT_PAGE_ARTICLES = 1_000;

export interface ExportOptions {
  lens?: string;
  since?: string;
  until?: string;
  format?: string;
  out?: string;
  bom?: boolean;
}

interface RowSink {
  add(rows: ArticleExportRow[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * `stancewatch export --lens L [--since DATE] [--until DATE] --format csv|ndjson|parquet [--out FILE]
 * [--bom]`: the lens's relevant articles, oldest first, one row per article and stance model with its
 * scores and gold label, read in keyset pages of EXPORT_PAGE_ARTICLES and written as each page comes.
 */
export async function exportArticles(ctx: CliContext, opts: ExportOptions, io: CliIo): Promise<number> {
  const lens = lensOf(ctx, opts.lens);
  const format = formatOf(opts.format);
  const since = dateOption('--since', opts.since);
  const until = dateOption('--until', opts.until);
  if (since && until && since >= until)
    throw new UsageError(`--since must be before --until, got ${opts.since} and ${opts.until}`);
  if (opts.bom && format !== 'csv')
    throw new UsageError(
      '--bom is for --format csv (a byte-order mark is what Excel needs to read UTF-8 CSV)',
    );
  if (format === 'parquet' && opts.out === undefined)
    throw new UsageError('--format parquet needs --out FILE (Parquet is a binary file, not for a terminal)');

  const repository = new ArticleExportRepository(ctx.db);
  const sink = await sinkFor(format, opts, io);
  let rows = 0;
  let articles = 0;
  try {
    let after: ArticleCursor | null = null;
    do {
      const page = await repository.page({ lens, since, until }, after, EXPORT_PAGE_ARTICLES);
      await sink.add(page.rows);
      rows += page.rows.length;
      articles += page.articles;
      after = page.next;
    } while (after !== null);
  } finally {
    await sink.close();
  }
  io.stderr.write(
    `exported ${articles} article(s) in ${rows} row(s) (one per article and model) for lens ${lens}` +
      `${opts.out ? ` to ${opts.out}` : ''}\n`,
  );
  return 0;
}

function lensOf(ctx: CliContext, requested: string | undefined): string {
  const name = requested ?? ctx.lenses.default?.name;
  if (name !== undefined && ctx.lenses.find(name)) return name;
  throw new UsageError(
    `unknown lens "${requested ?? ''}"; available lenses: ${ctx.lenses.names.join(', ')} (choose one with --lens NAME)`,
  );
}

function formatOf(text: string | undefined): ExportFormat {
  if ((EXPORT_FORMATS as readonly string[]).includes(text ?? '')) return text as ExportFormat;
  throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${text ?? ''}"`);
}

function dateOption(flag: string, text: string | undefined): Date | null {
  if (text === undefined) return null;
  const date = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())
    ? new Date(text.trim().length === 10 ? `${text.trim()}T00:00:00Z` : text.trim())
    : new Date(NaN);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`${flag} must be a date such as 2025-01-31 or 2025-01-31T12:00:00Z, got "${text}"`);
  return date;
}

async function sinkFor(format: ExportFormat, opts: ExportOptions, io: CliIo): Promise<RowSink> {
  if (format === 'parquet') {
    try {
      return new ParquetSink(opts.out!);
    } catch (error) {
      throw new CommandError(
        `cannot write ${opts.out} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  }
  const write = await textOutput(opts.out, io);
  const header =
    format === 'csv'
      ? `${opts.bom ? UTF8_BOM : ''}${toCsv(
          EXPORT_COLUMNS.map((c) => c.name),
          [],
        )}`
      : '';
  let started = false;
  return {
    add: async (rows) => {
      const body =
        format === 'csv'
          ? csvRows(rows.map((row) => EXPORT_COLUMNS.map((column) => csvValue(column.value(row)))))
          : rows.map((row) => `${JSON.stringify(jsonRow(row))}\n`).join('');
      await write.text(started ? body : header + body);
      started = true;
    },
    close: async () => {
      if (!started) await write.text(header);
      await write.close();
    },
  };
}

function csvValue(value: ReturnType<(typeof EXPORT_COLUMNS)[number]['value']>) {
  return value instanceof Date ? value.toISOString() : value;
}

async function textOutput(
  out: string | undefined,
  io: CliIo,
): Promise<{ text(value: string): Promise<void>; close(): Promise<void> }> {
  if (out === undefined)
    return {
      text: async (value) => {
        if (!io.stdout.write(value)) await once(io.stdout, 'drain');
      },
      close: async () => undefined,
    };
  const file = await open(out, 'w').catch((error: NodeJS.ErrnoException) => {
    throw new CommandError(`cannot write ${out} (${error.code ?? error.message})`);
  });
  return {
    text: async (value) => {
      await file.write(value);
    },
    close: () => file.close(),
  };
}
