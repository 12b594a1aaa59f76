import type { Lenses } from '../../../../libs/lens/src/index.js';
import { runMigrations } from '../../../../libs/db/src/index.js';
import { FeedRegistry, FeedRepository } from '../../../../libs/feeds/src/index.js';
import {
  DEMO_API_PORT,
  DEMO_DATABASE,
  DEMO_FEEDS_PORT,
  demoConfig,
  type DemoOptions,
  demoReceiverUrl,
  setUpDemoAlert,
  registerDemoFeeds,
  startDemoReceiver,
  resetDemo,
  startReplayServer,
} from '../../../../libs/demo/src/index.js';
import { CliContext } from '../cli-context.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { requirePostgres, requireRedis, startServices, untilStopped } from './start.js';

interface DemoFlags {
  port?: string;
  feedsPort?: string;
  database?: string;
  reset?: boolean;
}

/**
 * The whole service on this machine's PostgreSQL and Redis, fed by a local replay server of demo
 * feeds and scored by the built-in model: migrations, the demo feeds, the API with the dashboard and
 * the worker in this process. Ctrl-C stops everything; running it again continues where it was.
 */
export async function demo(ctx: CliContext, flags: DemoFlags, io: CliIo): Promise<number> {
  const options = demoOptions(flags);
  const config = demoConfig(ctx.config, options);
  const demoCtx = new CliContext(config);
  const stops: (() => Promise<void>)[] = [];
  const say = (line: string) => io.stderr.write(`stancewatch demo: ${line}\n`);
  try {
    await requirePostgres(config);
    await requireRedis(config);
    if (flags.reset) {
      const reset = await resetDemo(config.databaseUrl, config.redisUrl, config.queuePrefix);
      say(
        `reset: ${reset.droppedDatabase ? 'dropped' : 'no'} database ${options.database}, ${reset.redisKeys} Redis keys under ${config.queuePrefix}:`,
      );
    }
    await runMigrations(config.databaseUrl);
    const registry = await registerDemoFeeds(
      new FeedRepository(demoCtx.db),
      options.feedsPort,
      config.poll.defaultIntervalSec,
    );
    const replay = await startReplayServer(options.feedsPort);
    stops.push(() => replay.close());
    say(
      `${registry.feeds.length} demo feeds (${registry.feeds.length - registry.existing.length} new) served by ${replay.origin}`,
    );
    const receiverPort = options.feedsPort + 1;
    const alert = await setUpDemoAlert(demoCtx.db, demoReceiverUrl(receiverPort), demoLenses(demoCtx.lenses));
    const receiver = await startDemoReceiver(receiverPort, alert.secret, (line) =>
      io.stdout.write(`${line}\n`),
    );
    stops.push(() => receiver.close());
    say(
      `alert rule "${alert.rule.name}" delivers to webhook endpoint ${alert.endpointId} at ${receiver.url}`,
    );

    const services = await startServices(config, { api: true, worker: true });
    stops.push(() => services.close());
    // New feeds are due now; feeds of an earlier run are polled now too, not at their next scheduled time.
    const feeds = await demoCtx.service(FeedRegistry);
    for (const feed of registry.existing) await feeds.queuePoll(feed.id);

    io.stdout.write(`stancewatch demo: open http://localhost:${options.port}\n`);
    say(`database ${options.database}, queue prefix ${config.queuePrefix}, built-in model; Ctrl-C stops`);
    await untilStopped();
    say('stopping');
  } finally {
    for (const stop of stops.reverse()) await stop();
    await demoCtx.close();
  }
  return 0;
}

function demoLenses(lenses: Lenses): { name: string; names: string[] } {
  return { name: lenses.default!.name, names: lenses.names };
}

function demoOptions(flags: DemoFlags): DemoOptions {
  const database = flags.database ?? DEMO_DATABASE;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database))
    throw new UsageError(
      `--database: expected a lower-case PostgreSQL name such as ${DEMO_DATABASE}, got "${database}"`,
    );
  const port = portOf('--port', flags.port, DEMO_API_PORT);
  const feedsPort = portOf('--feeds-port', flags.feedsPort, DEMO_FEEDS_PORT);
  if (port === feedsPort || port === feedsPort + 1)
    throw new UsageError(
      `--port ${port} collides with the feeds port ${feedsPort} or the receiver on the next one`,
    );
  return { port, feedsPort, database };
}

function portOf(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65534)
    throw new UsageError(`${flag}: expected a TCP port from 1 to 65534, got "${text}"`);
  return port;
}
