import type { RequestHandler } from 'express';

/**
 * What an API answer (JSON, CSV, problem+json) may do in a browser: nothing. It loads nothing, runs
 * nothing and may not be framed, so a response that a browser is tricked into rendering as a page
 * (a CSV cell, a feed title echoed in an error) cannot act as one.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The Swagger UI at /docs runs its own scripts and styles from this host: it may not be framed or
 * load plugins, and its scripts stay the host's own.
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Sets `X-Content-Type-Options: nosniff` and a Content-Security-Policy on every response. The
 * dashboard's and the queue board's static handlers replace the policy with their own.
 */
export function securityHeaders(docsPath = '/docs'): RequestHandler {
  return (request, response, next) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    const docs = request.path === docsPath || request.path.startsWith(`${docsPath}/`);
    response.setHeader('Content-Security-Policy', docs ? DOCS_CSP : API_CSP);
    next();
  };
}
