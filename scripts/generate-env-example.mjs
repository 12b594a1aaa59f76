// Writes .env.example from the configuration schema (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { envExample } from '../dist/libs/config/src/dot-env.js';

const target = join(import.meta.dirname, '..', '.env.example');
writeFileSync(target, envExample());
process.stdout.write(`wrote ${target}\n`);
