import {
  FeedCandidatesError,
  FeedConflictError,
  FeedNotFoundError,
  FeedPickError,
  NoFeedFoundError,
  FeedRegistry,
  type Feed,
  feedEntrySchema,
  feedErrorForReaders,
  feedForReaders,
} from '../../../../libs/feeds/src/index.js';
import type { CliContext } from '../cli-context.js';
import { CommandError, UsageError, printJson, type CliIo } from '../cli-io.js';

export function parseFeedId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0)
    throw new UsageError(`feed id must be a positive whole number, got "${text}"`);
  return id;
}

/** Runs `work` with the feed registry the API uses; its refusals become one-line command errors. */
async function withRegistry<T>(ctx: CliContext, work: (registry: FeedRegistry) => Promise<T>): Promise<T> {
  const registry = await ctx.service(FeedRegistry);
  try {
    return await work(registry);
  } catch (error) {
    if (error instanceof FeedNotFoundError)
      throw new CommandError(`${error.message} (see \`stancewatch feeds list\`)`);
    if (error instanceof FeedConflictError) throw new CommandError(error.message);
    throw error;
  }
}

function feedLine(feed: Feed): string {
  const health =
    feed.lastStatus === 'error'
      ? `error x${feed.consecutiveFailures}: ${feed.lastError}`
      : (feed.lastStatus ?? 'never polled');
  return [
    String(feed.id).padStart(4),
    feed.enabled ? 'on ' : 'off',
    feed.language.padEnd(2),
    feed.kind.padEnd(11),
    feed.outlet.slice(0, 28).padEnd(28),
    `next ${feed.nextPollAt.toISOString()} (${Math.round(feed.pollIntervalSec / 60)} min)`,
    health,
  ].join('  ');
}

export async function listFeeds(
  ctx: CliContext,
  opts: { json?: boolean; enabled?: boolean },
  io: CliIo,
): Promise<number> {
  // The list is pasted into tickets and chats: no feed's user and password go with it.
  const feeds = (await withRegistry(ctx, (registry) => registry.list({ enabled: opts.enabled }))).map(
    feedForReaders,
  );
  if (opts.json) {
    for (const feed of feeds) printJson(io, feed);
    return 0;
  }
  for (const feed of feeds) io.stdout.write(`${feedLine(feed)}\n`);
  io.stderr.write(`${feeds.length} feeds\n`);
  return 0;
}

export async function addFeed(
  ctx: CliContext,
  url: string,
  opts: {
    outlet?: string;
    country?: string;
    language?: string;
    kind?: string;
    title?: string;
    pick?: string;
    json?: boolean;
  },
  io: CliIo,
): Promise<number> {
  const { pick: pickText, json, ...fields } = opts;
  const parsed = feedEntrySchema.safeParse({ url, ...fields });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${issue.path.join('.')}: ${issue.message}`);
  }
  const pick = pickText === undefined ? undefined : Number(pickText);
  if (pick !== undefined && !(Number.isInteger(pick) && pick >= 1))
    throw new UsageError(`--pick must be a whole number from 1, got "${pickText}"`);
  let added;
  try {
    added = await withRegistry(ctx, (registry) =>
      registry.add(parsed.data, 'cli', { pick, onScheduleFailure: warnOf(io) }),
    );
  } catch (error) {
    if (error instanceof FeedCandidatesError) {
      error.candidates.forEach((candidate, index) => {
        if (json) printJson(io, { pick: index + 1, ...candidate });
        else
          io.stdout.write(
            `  --pick ${index + 1}  ${candidate.url}  ${candidate.type}${candidate.title ? `  ${candidate.title}` : ''}\n`,
          );
      });
      throw new UsageError(error.message);
    }
    if (error instanceof FeedPickError) throw new UsageError(`--${error.message}`);
    if (error instanceof NoFeedFoundError) throw new CommandError(error.message);
    throw error;
  }
  const { feed, discovery, chosen } = added;
  if (discovery.kind === 'unreachable')
    io.stderr.write(
      `stancewatch: warning: could not read ${url} now (${discovery.reason}); registered as given, its polls will retry\n`,
    );
  if (json) printJson(io, feed);
  else
    io.stdout.write(
      `added feed ${feed.id}: ${feed.url}${chosen && discovery.kind === 'page' ? ` (announced by ${discovery.pageUrl})` : ''}\n`,
    );
  return 0;
}

export async function setFeedEnabled(
  ctx: CliContext,
  idText: string,
  enabled: boolean,
  io: CliIo,
): Promise<number> {
  const id = parseFeedId(idText);
  await withRegistry(ctx, (registry) => registry.setEnabled(id, enabled, warnOf(io)));
  io.stdout.write(`feed ${id} ${enabled ? 'enabled' : 'disabled'}\n`);
  return 0;
}

export async function pollFeed(
  ctx: CliContext,
  idText: string,
  opts: { json?: boolean; queue?: boolean },
  io: CliIo,
): Promise<number> {
  const id = parseFeedId(idText);
  if (opts.queue) {
    const { jobId } = await withRegistry(ctx, (registry) => registry.queuePoll(id));
    if (opts.json) printJson(io, { feedId: id, jobId });
    else io.stdout.write(`queued poll of feed ${id} (job ${jobId}); a running worker will take it\n`);
    return 0;
  }
  const report = await withRegistry(ctx, (registry) => registry.pollHere(id, warnOf(io)));
  if (opts.json) printJson(io, report);
  else {
    io.stdout.write(
      `feed ${id}: ${report.outcome}${report.httpStatus ? ` (HTTP ${report.httpStatus})` : ''}, ` +
        `${report.itemsSeen} items, ${report.itemsNew} new, ${report.itemsRelevant} relevant` +
        `${report.itemsDropped > 0 ? `, ${report.itemsDropped} past the per-poll cap not stored` : ''}` +
        `${report.itemsSkipped > 0 ? `, ${report.itemsSkipped} skipped` : ''}; ` +
        `next poll ${report.nextPollAt?.toISOString() ?? '-'} (${report.reason})\n`,
    );
    for (const [reason, n] of Object.entries(report.skippedReasons))
      io.stdout.write(`  skipped ${n}: ${reason}\n`);
    if (report.error) io.stdout.write(`  error: ${report.error}\n`);
  }
  return report.outcome === 'error' ? 1 : 0;
}

export async function feedHistory(
  ctx: CliContext,
  idText: string,
  opts: { json?: boolean },
  io: CliIo,
): Promise<number> {
  const id = parseFeedId(idText);
  const feed = await withRegistry(ctx, (registry) => registry.get(id));
  const polls = (await withRegistry(ctx, (registry) => registry.history(id, 50))).map((poll) => ({
    ...poll,
    error: feedErrorForReaders(poll.error, feed.url),
  }));
  for (const poll of polls) {
    if (opts.json) printJson(io, poll);
    else
      io.stdout.write(
        `${poll.startedAt.toISOString()}  ${poll.outcome.padEnd(12)} ${String(poll.httpStatus ?? '-').padEnd(4)} ` +
          `new ${String(poll.itemsNew).padStart(3)}  next in ${Math.round(poll.intervalSec / 60)} min: ${poll.reason ?? ''}` +
          `${poll.error ? `  [${poll.error}]` : ''}\n`,
      );
  }
  return 0;
}

/** The CLI still works when Redis is down: the change is stored, and the worker syncs schedules at its start. */
const warnOf = (io: CliIo) => (error: Error) => {
  io.stderr.write(
    `stancewatch: warning: could not update the poll schedule in Redis (${error.message}); ` +
      `the worker applies it at its next start\n`,
  );
};
