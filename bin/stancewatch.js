#!/usr/bin/env node
// The `stancewatch` command. It runs the compiled CLI; `npm ci` builds it (the `prepare` script).
import { existsSync } from 'node:fs';

const main = new URL('../dist/apps/cli/src/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'stancewatch: not built yet: run `npm run build` (npm ci does it) in the repository root\n',
  );
  process.exit(1);
}
await import(main.href);
