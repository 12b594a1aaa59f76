import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { environmentSchema } from './config.schema.js';

/** Where the service looks for its `.env` file: the working directory, as Docker Compose does. */
export const DOT_ENV_FILE = '.env';

/**
 * The environment with the `.env` file's variables beneath it: a variable set in the environment
 * wins over the file (as Node's --env-file and Compose do), and a missing file is no file. Read with
 * Node's own parser (quotes, comments, `export`), so nothing is added to install.
 */
export function environmentWithDotEnv(
  base: Record<string, string | undefined> = process.env,
  path = resolve(DOT_ENV_FILE),
): Record<string, string | undefined> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return base;
    throw error;
  }
  return { ...parseEnv(text), ...base };
}

/** Secrets and per-deployment values: listed commented out, with no value to copy by mistake. */
const NO_EXAMPLE_VALUE = new Set(['ADMIN_API_KEY']);

function exampleValue(value: unknown): string {
  const text = Array.isArray(value) ? value.join(',') : String(value);
  // A space or # would end an unquoted value for some readers: quote it, as dotenv files do.
  return /[\s#"'`]/.test(text) ? JSON.stringify(text) : text;
}

/**
 * `.env.example`, generated from the configuration schema: every variable the service reads, with
 * its default (commented out, so that copying the file changes nothing until a line is edited), or
 * empty where there is none. `npm run generate:env-example` writes it; a test keeps it current.
 */
export function envExample(): string {
  const lines = [
    '# stancewatch configuration: copy to .env and edit. Every variable the service reads is listed',
    '# with its default; the environment wins over this file. What each means: README, "Configuration".',
    '# Generated from libs/config/src/config.schema.ts by `npm run generate:env-example`.',
    '',
  ];
  for (const [name, schema] of Object.entries(environmentSchema.shape)) {
    const parsed = (schema as { safeParse(value: unknown): { success: boolean; data?: unknown } }).safeParse(
      undefined,
    );
    const fallback = parsed.success && parsed.data !== undefined && !NO_EXAMPLE_VALUE.has(name);
    lines.push(`# ${name}=${fallback ? exampleValue(parsed.data) : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
