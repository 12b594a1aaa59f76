import express, { type RequestHandler } from 'express';

export const IMPORT_PATH = '/api/v1/articles/import';
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * The import route takes bodies of up to 5 MiB, as JSON or JSON Lines (`application/x-ndjson`);
 * every other route keeps the global 100 kB JSON limit. Mounted before the global parser, which then
 * finds the body read and leaves it alone.
 */
export function importBodyParsers(): RequestHandler[] {
  return [
    express.json({ limit: IMPORT_MAX_BYTES }),
    express.text({
      type: ['application/x-ndjson', 'application/jsonl', 'application/jsonlines'],
      limit: IMPORT_MAX_BYTES,
    }),
  ];
}
