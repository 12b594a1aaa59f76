import 'reflect-metadata';
import { jsonLogger, loadConfigOrExit } from '../../../libs/config/src/index.js';
import { runMigrations } from '../../../libs/db/src/index.js';
import { createApi } from './create-api.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit('api');
  const logger = jsonLogger(config.logLevel, 'api');
  if (config.migrateOnStart) {
    const { applied } = await runMigrations(config.databaseUrl, (message) => logger.debug(message));
    logger.log({ msg: 'migrations checked', applied });
  }
  const app = await createApi(config);
  // The API's own process closes on SIGTERM; `stancewatch start` and the demo own their signals instead.
  app.enableShutdownHooks();
  await app.listen(config.port);
  logger.log({ msg: 'api listening', url: `http://localhost:${config.port}` });
}

main().catch((error: unknown) => {
  process.stderr.write(`stancewatch api: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
