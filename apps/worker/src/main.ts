import 'reflect-metadata';
import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { jsonLogger, loadConfigOrExit } from '../../../libs/config/src/index.js';
import { runMigrations } from '../../../libs/db/src/index.js';
import { WorkerModule } from './worker.module.js';

/**
 * How long a stopping worker waits for its current jobs. Below Docker's and Kubernetes' default
 * grace (10 s, 30 s) so that we, not SIGKILL, end the process; a job still running then keeps its
 * lock until it expires and another worker takes it over.
 */
const SHUTDOWN_GRACE_MS = 9_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit('worker');
  const logger = jsonLogger(config.logLevel, 'worker');
  if (config.migrateOnStart) {
    const { applied } = await runMigrations(config.databaseUrl, (message) => logger.debug(message));
    logger.log({ msg: 'migrations checked', applied });
  }
  // The health server starts inside, before the start waits for Redis (WorkerHttp).
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, { http: true }), {
    logger,
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => void shutDown(app, logger, signal));
  logger.log({ msg: 'worker started', queues: config.workerQueues });
}

/**
 * Stops taking jobs, lets the running ones finish (the processors close their BullMQ workers before
 * anything else closes), then closes Redis and Postgres, and exits 0. Exits 1 if that takes longer
 * than the grace period.
 */
async function shutDown(app: INestApplicationContext, logger: LoggerService, signal: string): Promise<void> {
  const started = Date.now();
  logger.log({ msg: 'worker stopping', signal });
  setTimeout(() => {
    logger.warn({
      msg: 'worker did not stop in time; its running jobs return to the queue when their locks expire',
      graceMs: SHUTDOWN_GRACE_MS,
    });
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  try {
    await app.close();
  } catch (error) {
    logger.error({
      msg: 'worker shutdown failed',
      error: error instanceof Error ? error.message : String(error),
    });
    process.exit(1);
  }
  logger.log({ msg: 'worker stopped', signal, durationMs: Date.now() - started });
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`stancewatch worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
