import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ApiKeyAuthenticator, Caller } from '../auth/api-key-authenticator.js';
import { problemBody } from '../http/problem.filter.js';

const COOKIE = 'sw_admin_key';
const COOKIE_MAX_AGE_SEC = 8 * 3600;

/**
 * Who may open the queue board: a request with an admin key, sent as `Authorization: Bearer` (curl,
 * scripts) or, for a browser, in an HttpOnly, SameSite=Strict cookie limited to the board's path and
 * set by the board's own sign-in form. The cookie holds the key itself, checked like a header on
 * every request, so revoking the key ends the session at once; no script can read it and no other
 * site can send it. A request that changes something must also come from the board's own origin.
 */
export function queueBoardAccess(basePath: string, authenticator: ApiKeyAuthenticator): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '2kb' });

  router.post('/login', form, (request, response, next) => {
    if (!sameOrigin(request))
      return refuse(request, response, 403, 'the sign-in form must be sent from this site');
    const key = typeof request.body?.key === 'string' ? request.body.key.trim() : '';
    callerOf(authenticator, key ? `Bearer ${key}` : undefined)
      .then((caller) => {
        const problem = problemOf(caller);
        if (problem) return refuse(request, response, problem.status, problem.detail, basePath);
        response.setHeader(
          'Set-Cookie',
          cookie(basePath, encodeURIComponent(key), COOKIE_MAX_AGE_SEC, request),
        );
        response.redirect(303, `${basePath}/`);
      })
      .catch(next);
  });

  router.post('/logout', (request, response) => {
    response.setHeader('Set-Cookie', cookie(basePath, '', 0, request));
    response.redirect(303, `${basePath}/`);
  });

  router.use((request: Request, response: Response, next: NextFunction) => {
    const header = request.headers.authorization;
    const fromCookie = header ? undefined : cookieKey(request);
    if (fromCookie !== undefined && !['GET', 'HEAD'].includes(request.method) && !sameOrigin(request))
      return refuse(request, response, 403, 'changes to the queues must come from the board itself');
    callerOf(authenticator, header ?? (fromCookie ? `Bearer ${fromCookie}` : undefined))
      .then((caller) => {
        const problem = problemOf(caller);
        if (problem) return refuse(request, response, problem.status, problem.detail, basePath);
        next();
      })
      .catch(next);
  });
  return router;
}

// The authenticator reads only the Authorization header of the request it is given.
function callerOf(authenticator: ApiKeyAuthenticator, authorization: string | undefined): Promise<Caller> {
  return authenticator.identify({ headers: { authorization } } as Request);
}

function problemOf(caller: Caller): { status: number; detail: string } | null {
  if (caller.kind === 'invalid') return { status: 401, detail: caller.problem };
  if (caller.kind === 'anonymous')
    return {
      status: 401,
      detail: 'the queue board needs an admin key: sign in, or send `Authorization: Bearer <key>`',
    };
  if (!caller.scopes.includes('admin'))
    return { status: 403, detail: `the key "${caller.name}" lacks the admin scope the queue board needs` };
  return null;
}

function cookieKey(request: Request): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name !== COOKIE) continue;
    try {
      return decodeURIComponent(value.join('=')) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function cookie(path: string, value: string, maxAgeSec: number, request: Request): string {
  const secure = request.secure || request.headers['x-forwarded-proto'] === 'https';
  return [
    `${COOKIE}=${value}`,
    `Path=${path}`,
    `Max-Age=${maxAgeSec}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** Browsers send Origin with every POST, PUT and DELETE; it must name the host the request was sent to. */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function refuse(
  request: Request,
  response: Response,
  status: number,
  detail: string,
  basePath?: string,
): void {
  if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="stancewatch"');
  if (basePath && request.method === 'GET' && request.accepts(['json', 'html']) === 'html') {
    response.status(status).type('html').send(signInPage(basePath, detail));
    return;
  }
  // The router is mounted under the board's path: the instance is the whole path, as the API's are.
  response
    .status(status)
    .type('application/problem+json')
    .json(problemBody(status, detail, `${request.baseUrl}${request.path}`));
}

/** A plain form: no script, no style, so the board's CSP needs no exception for it. */
function signInPage(basePath: string, detail: string): string {
  const text = detail.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>stancewatch queues: sign in</title></head>
<body><h1>stancewatch queues</h1><p>${text}</p>
<form method="post" action="${basePath}/login">
<label>Admin API key <input type="password" name="key" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></body></html>`;
}
