import { TrendRollupRepository } from '../../../../libs/trends/src/index.js';
import type { CliContext } from '../cli-context.js';
import { UsageError, printJson, type CliIo } from '../cli-io.js';

/** Recomputes the trend and volume rollups from the raw rows; the incremental path must agree with it. */
export async function rebuildRollups(
  ctx: CliContext,
  opts: { since?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const since = opts.since ? new Date(opts.since) : null;
  if (since && Number.isNaN(since.getTime())) {
    throw new UsageError(
      `--since must be a date such as 2025-01-31 or 2025-01-31T12:00:00Z, got "${opts.since}"`,
    );
  }
  const started = Date.now();
  io.stderr.write(`rebuilding rollups ${since ? `from ${since.toISOString()}` : 'from the beginning'}…\n`);
  const rows = await new TrendRollupRepository(ctx.db).rebuild(since);
  const summary = { since: since?.toISOString() ?? null, ...rows, seconds: (Date.now() - started) / 1000 };
  if (opts.json) printJson(io, summary);
  else
    io.stdout.write(
      `rebuilt ${rows.hourly} hourly and ${rows.daily} daily trend rows, ${rows.volumeHourly} hourly and ` +
        `${rows.volumeDaily} daily volume rows in ${summary.seconds.toFixed(1)} s\n`,
    );
  return 0;
}
