import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { jsonLogger, loadConfigOrExit } from '../../../libs/config/src/index.js';
import { runMigrations } from '../../../libs/db/src/index.js';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit('worker');
  const logger = jsonLogger(config.logLevel, 'worker');
  if (config.migrateOnStart) {
    const { applied } = await runMigrations(config.databaseUrl, (message) => logger.debug(message));
    logger.log({ msg: 'migrations checked', applied });
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  app.enableShutdownHooks();
  logger.log({ msg: 'worker started', queues: config.workerQueues });
}

main().catch((error: unknown) => {
  process.stderr.write(`stancewatch worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
