import { runMigrations } from '../../../../libs/db/src/index.js';
import { FeedRepository, seedFeedRegistry } from '../../../../libs/feeds/src/index.js';
import type { CliContext } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';

export async function migrate(ctx: CliContext, opts: { seed?: boolean }, io: CliIo): Promise<number> {
  const { applied, createdDatabase } = await runMigrations(ctx.config.databaseUrl, (message) =>
    io.stderr.write(`${message}\n`),
  );
  if (createdDatabase)
    io.stdout.write(`created database ${new URL(ctx.config.databaseUrl).pathname.slice(1)}\n`);
  io.stdout.write(
    applied.length
      ? `applied ${applied.length} migrations: ${applied.join(', ')}\n`
      : 'database is up to date\n',
  );
  if (opts.seed) await seed(ctx, io);
  return 0;
}

export async function seed(ctx: CliContext, io: CliIo): Promise<number> {
  const { inserted, updated } = await seedFeedRegistry(
    new FeedRepository(ctx.db),
    ctx.config.feedsFile,
    ctx.config.poll.defaultIntervalSec,
  );
  io.stdout.write(`feed registry: ${inserted} added, ${updated} updated from ${ctx.config.feedsFile}\n`);
  return 0;
}
