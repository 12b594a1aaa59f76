import { NestFactory } from '@nestjs/core';
import { createApi } from '../../../api/src/create-api.js';
import { WorkerModule } from '../../../worker/src/worker.module.js';
import { jsonLogger, type AppConfig } from '../../../../libs/config/src/index.js';
import {
  displayedDatabaseUrl,
  runMigrations,
  whyPostgresUnreachable,
} from '../../../../libs/db/src/index.js';
import type { CliContext } from '../cli-context.js';
import { CommandError, type CliIo } from '../cli-io.js';
import { displayedRedisUrl, whyRedisUnreachable } from '../../../../libs/queue/src/index.js';

/** The API and/or the worker running in this process. */
export interface RunningServices {
  /** Stops the API first (no new requests), then the worker; resolves when both are closed. */
  close(): Promise<void>;
}

/**
 * Runs the API and the worker in this one process: the simplest way to run stancewatch on one
 * machine. In production run them as separate processes (`npm run start:api`, `npm run start:worker`).
 */
export async function start(
  ctx: CliContext,
  opts: { api?: boolean; worker?: boolean },
  io: CliIo,
): Promise<number> {
  const config = ctx.config;
  const both = !opts.api && !opts.worker;
  const logger = jsonLogger(config.logLevel, 'stancewatch');
  await requirePostgres(config);
  await requireRedis(config);
  await runMigrations(config.databaseUrl, (message) => logger.debug(message));
  const services = await startServices(config, { api: both || !!opts.api, worker: both || !!opts.worker });
  if (both || opts.api)
    io.stderr.write(
      `stancewatch: API on http://localhost:${config.port} (feeds: /api/v1/feeds, readiness: /readyz)\n`,
    );
  await untilStopped();
  io.stderr.write('stancewatch: shutting down\n');
  await services.close();
  return 0;
}

/**
 * Stops a command a person waits on with one line when Redis is not there: the worker would otherwise
 * wait for it (as a service should), which at a terminal looks like a hang.
 */
export async function requireRedis(config: Pick<AppConfig, 'redisUrl'>): Promise<void> {
  const problem = await whyRedisUnreachable(config.redisUrl);
  if (problem === null) return;
  throw new CommandError(
    `Redis is not reachable at ${displayedRedisUrl(config.redisUrl)} (${problem}); start it ` +
      '(`redis-server`, or `docker compose up -d redis`) or point REDIS_URL at a running one',
  );
}

/** The same for PostgreSQL: the migrations would otherwise fail with the driver's words alone. */
export async function requirePostgres(config: Pick<AppConfig, 'databaseUrl'>): Promise<void> {
  const problem = await whyPostgresUnreachable(config.databaseUrl);
  if (problem === null) return;
  throw new CommandError(
    `PostgreSQL is not reachable at ${displayedDatabaseUrl(config.databaseUrl)} (${problem}); start it ` +
      '(`apt install postgresql`, or `docker compose up -d postgres`) or point DATABASE_URL at a running one',
  );
}

/** Starts the worker and/or the API (listening on `config.port`) of an already migrated database. */
export async function startServices(
  config: AppConfig,
  parts: { api: boolean; worker: boolean },
): Promise<RunningServices> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne();
  };
  try {
    if (parts.worker) {
      const logger = jsonLogger(config.logLevel, 'stancewatch');
      const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
      closers.push(() => worker.close());
      await worker.init();
    }
    if (parts.api) {
      const api = await createApi(config);
      closers.push(() => api.close());
      await api.listen(config.port);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { close };
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
