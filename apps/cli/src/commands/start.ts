import { NestFactory } from '@nestjs/core';
import { createApi } from '../../../api/src/create-api.js';
import { WorkerModule } from '../../../worker/src/worker.module.js';
import { jsonLogger } from '../../../../libs/config/src/index.js';
import { runMigrations } from '../../../../libs/db/src/index.js';
import type { CliContext } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';

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
  await runMigrations(config.databaseUrl, (message) => logger.debug(message));
  const closers: (() => Promise<void>)[] = [];
  if (both || opts.worker) {
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
    await worker.init();
    closers.push(() => worker.close());
  }
  if (both || opts.api) {
    const api = await createApi(config);
    await api.listen(config.port);
    closers.push(() => api.close());
    io.stderr.write(
      `stancewatch: API on http://localhost:${config.port} (feeds: /api/v1/feeds, readiness: /readyz)\n`,
    );
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  io.stderr.write('stancewatch: shutting down\n');
  for (const close of closers.reverse()) await close();
  return 0;
}
