// Writes the dashboard's API types (apps/api/dashboard/src/api-types.ts) from the OpenAPI document,
// built from the compiled app the way it serves it (run `npm run build` first; `npm run
// generate:dashboard-types` does both). The app is created, never listens, and is closed again.
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(join(root, 'dist', path));
const { loadConfig } = await dist('libs/config/src/index.js');
const { createApi } = await dist('apps/api/src/create-api.js');
const { buildOpenApiDocument } = await dist('apps/api/src/http/openapi.js');
const { DASHBOARD_TYPES_PATH, dashboardTypesSource } = await dist('apps/api/src/http/openapi-typescript.js');

const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', MIGRATE_ON_START: 'false' });
const app = await createApi(config);
try {
  const source = await dashboardTypesSource(buildOpenApiDocument(app, config), root);
  await writeFile(join(root, DASHBOARD_TYPES_PATH), source);
  process.stdout.write(`wrote ${DASHBOARD_TYPES_PATH}\n`);
} finally {
  await app.close();
}
