import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { ApiKeyAuthenticator } from '../auth/api-key-authenticator.js';

export const IMPORT_PATH = '/api/v1/articles/import';
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * The import route takes bodies of up to 5 MiB, as JSON, JSON Lines (`application/x-ndjson`), the
 * text exports (CSV, GKG's tab-separated rows) or a zip of one;
 * every other route keeps the global 100 kB JSON limit. Mounted before the global parser, which then
 * finds the body read and leaves it alone.
 */
export function importBodyParsers(): RequestHandler[] {
  return [
    express.json({ limit: IMPORT_MAX_BYTES }),
    express.text({
      type: [
        'application/x-ndjson',
        'application/jsonl',
        'application/jsonlines',
        'text/csv',
        'text/tab-separated-values',
        'text/plain',
      ],
      limit: IMPORT_MAX_BYTES,
    }),
    express.raw({
      type: ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'],
      limit: IMPORT_MAX_BYTES,
    }),
  ];
}

/**
 * The import's large-body parsers, run only for a caller with an admin key, so nobody else can make
 * the server read 5 MiB. Anyone else passes on unparsed: the global parser (100 kB) and then the
 * rate limiter and the access guard answer them as on any admin route (401/403, counted, with
 * `WWW-Authenticate`). The key is resolved once per request, so the guards reuse this lookup.
 */
export function adminImportBodyParsers(
  authenticator: ApiKeyAuthenticator,
  parsers: RequestHandler[] = importBodyParsers(),
): RequestHandler {
  const parse = chain(parsers);
  return (request, response, next) => {
    authenticator.identify(request).then(
      (caller) => {
        if (caller.kind === 'key' && caller.scopes.includes('admin')) parse(request, response, next);
        else next();
      },
      // The key could not be checked (database down): the access guard answers with the same error.
      () => next(),
    );
  };
}

function chain(handlers: RequestHandler[]): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const run = (index: number, error?: unknown): void => {
      if (error !== undefined || index === handlers.length) return next(error);
      handlers[index](request, response, (failure?: unknown) => run(index + 1, failure));
    };
    run(0);
  };
}
