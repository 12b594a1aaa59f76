import { open } from 'node:fs/promises';
import {
  FeedParseError,
  FeedRegistry,
  feedDefaultsSchema,
  importFeedList,
  readFeedList,
  writeFeedList,
  type FeedImportDefaults,
  type FeedImportLine,
  type FeedListFormat,
} from '../../../../libs/feeds/src/index.js';
import type { CliContext } from '../cli-context.js';
import { CommandError, UsageError, printJson, type CliIo } from '../cli-io.js';

/** `stancewatch feeds import FILE`: the feeds of an OPML file or a feeds.json, one report line each. */
export async function importFeeds(
  ctx: CliContext,
  path: string,
  opts: FeedImportDefaults & { dryRun?: boolean; json?: boolean },
  io: CliIo,
): Promise<number> {
  const defaults = checkFeedDefaults(opts);
  const bytes = await readListFile(path, ctx.config.fetch.maxBodyBytes);
  const entries = await readFeedList(bytes).catch((error: unknown) => {
    if (error instanceof FeedParseError) throw new CommandError(`${path}: ${error.message}`);
    throw error;
  });
  if (entries.length === 0)
    throw new CommandError(`${path}: the file lists no feeds (no outline has an xmlUrl)`);
  const registry = await ctx.service(FeedRegistry);
  const lines = await importFeedList(registry, entries, {
    defaults,
    dryRun: Boolean(opts.dryRun),
    origin: 'cli',
    onScheduleFailure: (error) =>
      io.stderr.write(
        `stancewatch: warning: could not update the poll schedule in Redis (${error.message}); ` +
          `the worker applies it at its next start\n`,
      ),
  });
  for (const line of lines) {
    if (opts.json) printJson(io, line);
    else io.stdout.write(`${humanLine(line)}\n`);
  }
  io.stderr.write(`${summary(lines)}\n`);
  return lines.every((line) => line.status === 'rejected') ? 1 : 0;
}

/** `stancewatch feeds export`: the registry as OPML 2.0 (or feeds.json) on standard output. */
export async function exportFeeds(ctx: CliContext, opts: { format?: string }, io: CliIo): Promise<number> {
  const format = (opts.format ?? 'opml') as FeedListFormat;
  const registry = await ctx.service(FeedRegistry);
  io.stdout.write(writeFeedList(await registry.list(), format));
  return 0;
}

/** The whole file, refused past the size a fetched feed may have (the same limit, FEED_MAX_BODY_BYTES). */
async function readListFile(path: string, maxBytes: number): Promise<Uint8Array> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new CommandError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const { size, isFile } = await file.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw new CommandError(`cannot read ${path}: not a file`);
    if (size > maxBytes)
      throw new CommandError(
        `${path}: ${size} bytes is more than a feed list may have (${maxBytes}, FEED_MAX_BODY_BYTES)`,
      );
    return await file.readFile();
  } finally {
    await file.close();
  }
}

function humanLine(line: FeedImportLine): string {
  const where = line.category ? ` [${line.category}]` : '';
  const title = line.title ? ` ${line.title}` : '';
  return `${line.status.padEnd(9)} ${line.url || '(no URL)'}${title}${where}${line.error ? `: ${line.error}` : ''}`;
}

function summary(lines: readonly FeedImportLine[]): string {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.status, (counts.get(line.status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${n} ${status}`);
  return `${lines.length} feed(s): ${parts.join(', ')}`;
}

/** The flags that fill in what entries do not say, checked by the registry's rules: a wrong one is a usage error. */
function checkFeedDefaults(opts: FeedImportDefaults): FeedImportDefaults {
  const parsed = feedDefaultsSchema.safeParse({
    country: opts.country,
    language: opts.language,
    kind: opts.kind,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
