import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Response } from 'express';

/** The dashboard may load only what the host serves, and may not be framed or run inline script. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** The built dashboard (`dist/dashboard`, made by `npm run build`), found from the package root. */
export function defaultDashboardDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'dashboard');
}

/**
 * Serves the dashboard's static files at `/`. Only files that exist are served, so every API route
 * (none of which names a file there) still reaches its controller.
 */
export function serveDashboard(app: NestExpressApplication, dir = defaultDashboardDir()): boolean {
  if (!existsSync(join(dir, 'index.html'))) return false;
  app.useStaticAssets(dir, {
    index: 'index.html',
    redirect: false,
    setHeaders: (response: Response) => {
      response.setHeader('Content-Security-Policy', DASHBOARD_CSP);
      response.setHeader('Referrer-Policy', 'no-referrer');
      response.setHeader('Cache-Control', 'no-cache');
    },
  });
  return true;
}
