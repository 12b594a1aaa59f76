import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '../../../../libs/config/src/index.js';
import { ACCESS_EXTENSION, defaultAccess, type AccessLevel } from '../auth/access.decorator.js';
import { PROBLEM_SCHEMA, problemResponse } from './problem-responses.js';
import { RATE_LIMIT_EXTENSION } from './rate-limit.guard.js';
import { responseComponentSchemas } from './zod-openapi.js';

export const BEARER_SCHEME = 'apiKey';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Operation = {
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
  description?: string;
  [extension: `x-${string}`]: unknown;
};

/**
 * The OpenAPI document, generated from the controllers (parameters, bodies and success responses from
 * their zod schemas; the named response shapes in `components.schemas`) and completed with what every route shares: its access level and security, and its error responses.
 */
export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('stancewatch API')
    .setDescription(
      'Stance and sentiment of news about Russia–China relations. Errors are RFC 9457 ' +
        '`application/problem+json`. Each operation names its access level in `x-access`: `public`; `read` ' +
        `(${config.api.readsOpen ? 'open on this server' : 'needs a read or admin key on this server'}); ` +
        '`annotate` (gold labels: needs an annotate or admin key); `admin` (needs an admin key). Keys are sent as `Authorization: Bearer <key>` and made with ' +
        `\`npx stancewatch keys create\`. Rate limit: ${config.api.rateLimitPerMinute} requests a minute per key, ` +
        'or per client address without one; over it, 429 with `Retry-After`. Without a key, at most ' +
        `${config.api.uncachedReadsPerMinute} trends or sources a minute per address are computed rather ` +
        'than answered from memory (429 past it). Every answer, errors included, carries `X-Request-Id`: ' +
        'the request’s own when it is 1-128 letters, digits and `-_.:@/+=`, else a new UUID; the same id ' +
        'is in the access log and the worker’s log lines of any job the request queued.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'an API key from `npx stancewatch keys create`' },
      BEARER_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, info);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...responseComponentSchemas(), Problem: PROBLEM_SCHEMA },
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (operation) completeOperation(operation, method, config);
    }
  }
  return document;
}

/** Serves the document at `/docs-json` and Swagger UI (assets from the npm package) at `/docs`. */
export function serveOpenApi(app: INestApplication, config: AppConfig): OpenAPIObject {
  const document = buildOpenApiDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    raw: ['json'],
    customSiteTitle: 'stancewatch API',
    // Swagger UI's default is a badge image from validator.swagger.io: a request to a third party
    // with the document's URL, which DOCS_CSP refuses anyway (a console error and a broken image).
    // It is hidden today only because the document is inline; serving it by URL would bring it back.
    swaggerOptions: { validatorUrl: null },
  });
  return document;
}

function completeOperation(operation: Operation, method: string, config: AppConfig): void {
  const access = (operation[ACCESS_EXTENSION] as AccessLevel | undefined) ?? defaultAccess(method);
  operation[ACCESS_EXTENSION] = access;
  operation.security = securityOf(access, config.api.readsOpen);
  const responses = (operation.responses ??= {});
  const add = (status: number, detail: string) => {
    responses[String(status)] ??= problemResponse(detail);
  };
  if (operation.parameters?.length || operation.requestBody)
    add(400, 'a parameter or the body is invalid; `detail` names each field and what it allows');
  if (access !== 'public') {
    add(401, 'no API key where one is needed, or a wrong or revoked one: send `Authorization: Bearer <key>`');
  }
  if (access === 'admin' || access === 'annotate' || (access === 'read' && !config.api.readsOpen))
    add(403, `the key lacks the ${access} scope`);
  if (operation[RATE_LIMIT_EXTENSION] !== 'none')
    add(429, 'over the rate limit; retry after `Retry-After` seconds');
}

function securityOf(access: AccessLevel, readsOpen: boolean): Record<string, string[]>[] {
  if (access === 'public') return [];
  // Optional: a key is not needed, but one sent is checked and gets its own rate-limit budget.
  if (access === 'read' && readsOpen) return [{}, { [BEARER_SCHEME]: [] }];
  return [{ [BEARER_SCHEME]: [] }];
}
