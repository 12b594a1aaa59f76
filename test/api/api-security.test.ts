import type { INestApplication } from '@nestjs/common';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createApi } from '../../apps/api/src/create-api.js';
import { ApiKeyRepository } from '../../libs/db/src/index.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { listenLocally } from '../support/listen-locally.js';

const BOOTSTRAP_KEY = 'bootstrap-admin-key-0123456789';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the OpenAPI document is walked generically
type Json = any;

interface Route {
  method: string;
  path: string;
  operation: Json;
}

interface Api {
  app: INestApplication;
  base: string;
}

async function startApi(target: TestDatabase, overrides: Record<string, string>): Promise<Api> {
  const app = await createApi(testConfig(target.url, { ADMIN_API_KEY: BOOTSTRAP_KEY, ...overrides }));
  return { app, base: await listenLocally(app) };
}

/** Every operation of the document, with its path parameters filled with valid-looking values. */
function routesOf(document: Json): Route[] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    ['get', 'post', 'put', 'patch', 'delete']
      .filter((method) => item[method])
      .map((method) => ({ method: method.toUpperCase(), path, operation: item[method] })),
  );
}

function sampleOf(schema: Json = {}): unknown {
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.type === 'integer' || schema.type === 'number') return 1;
  if (schema.type === 'boolean') return true;
  if (schema.type === 'array') return [sampleOf(schema.items)];
  if (schema.format === 'date-time') return '2025-01-01T00:00:00Z';
  if (schema.format === 'date') return '2025-01-01';
  return 'x';
}

function urlOf(
  route: Route,
  query: Record<string, string | string[]> = {},
  pathValues: Record<string, string> = {},
) {
  const parameters: Json[] = route.operation.parameters ?? [];
  const path = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
    return encodeURIComponent(pathValues[name] ?? String(sampleOf(parameter?.schema)));
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, one);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

const body = async (response: Response): Promise<Json> => response.json();

const STACK_TRACE = /\bat [\w$.<> ]*\(?[^\s()]*\.[cm]?[jt]s:\d+|node_modules|\/work\/|Error: .*\n\s+at /;

const HOSTILE_VALUES = [
  'abc',
  '',
  ' ',
  '-1',
  '0',
  '1.5',
  '1e308',
  '-1e308',
  '99999999999999999999999999999999',
  String(Number.MAX_SAFE_INTEGER + 2),
  'NaN',
  'Infinity',
  'true',
  'null',
  '[]',
  '{}',
  "' OR 1=1 --",
  '1; DROP TABLE articles; --',
  '<script>alert(1)</script>',
  '中俄关系 Россия–Китай 😀 \u202e',
  '\u0000',
  '%00',
  '../../../etc/passwd',
  'not-a-known-value',
  '2025-13-45',
  '2025-02-30T25:61:00Z',
  '10000-01-01T00:00:00Z',
  'x'.repeat(6000),
];

describe('API security, documentation and hostile input', () => {
  let target: TestDatabase;
  let open: Api;
  let closed: Api;
  let limited: Api;
  let document: Json;
  let readKey: string;
  let annotateKey: string;
  let adminKey: string;
  let revokedKey: string;

  beforeAll(async () => {
    target = await createTestDatabase();
    const keys = new ApiKeyRepository(target.db);
    readKey = (await keys.create('reader', ['read'])).key;
    annotateKey = (await keys.create('annotator', ['annotate'])).key;
    adminKey = (await keys.create('operator', ['admin'])).key;
    const revoked = await keys.create('former', ['admin']);
    await keys.revoke(revoked.record.id);
    revokedKey = revoked.key;
    open = await startApi(target, { READS_OPEN: 'true', RATE_LIMIT_PER_MINUTE: '1000000' });
    closed = await startApi(target, { READS_OPEN: 'false', RATE_LIMIT_PER_MINUTE: '1000000' });
    limited = await startApi(target, { RATE_LIMIT_PER_MINUTE: '3' });
    document = await body(await fetch(`${open.base}/docs-json`));
  });

  afterAll(async () => {
    for (const api of [open, closed, limited]) await api?.app.close();
    await target?.drop();
  });

  const call = (api: Api, method: string, url: string, key: string | null, body?: string) =>
    fetch(`${api.base}${url}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      },
      body,
    });

  const access = (route: Route) => route.operation['x-access'] as 'public' | 'read' | 'annotate' | 'admin';

  it('serves an OpenAPI document that a real validator accepts, and the UI from local assets', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });

    const ui = await fetch(`${open.base}/docs`);
    expect(ui.status).toBe(200);
    const html = await ui.text();
    expect(html).toMatch(/swagger-ui-bundle\.js/);
    expect(html).not.toMatch(/src=["']https?:/);
    const bundle = await fetch(`${open.base}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
  });

  it('tells browsers not to sniff, frame or run any answer: JSON, CSV, errors and the docs', async () => {
    const answers = {
      json: await fetch(`${open.base}/api/v1/feeds`),
      csv: await fetch(`${open.base}/api/v1/trends`, { headers: { accept: 'text/csv' } }),
      problem: await fetch(`${open.base}/api/v1/feeds/abc`),
      docs: await fetch(`${open.base}/docs`),
      docsAsset: await fetch(`${open.base}/docs/swagger-ui-bundle.js`),
    };
    for (const [name, response] of Object.entries(answers)) {
      expect({ name, nosniff: response.headers.get('x-content-type-options') }).toEqual({
        name,
        nosniff: 'nosniff',
      });
      expect({ name, csp: response.headers.get('content-security-policy') }).toEqual({
        name,
        csp: expect.stringContaining("frame-ancestors 'none'"),
      });
    }
    expect(answers.csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(answers.json.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(answers.docs.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
  });

  it('documents every route with its access level, parameters and error answers', () => {
    const routes = routesOf(document);
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /api/v1/feeds',
        'POST /api/v1/feeds',
        'PATCH /api/v1/feeds/{id}',
        'POST /api/v1/feeds/{id}/poll',
        'GET /api/v1/articles',
        'POST /api/v1/articles/import',
        'GET /api/v1/articles/{id}',
        'GET /api/v1/sources',
        'GET /api/v1/trends',
        'GET /api/v1/models',
        'GET /api/v1/validation',
        'GET /healthz',
        'GET /readyz',
      ]),
    );
    for (const route of routes) {
      expect(['public', 'read', 'annotate', 'admin']).toContain(access(route));
      if (access(route) === 'admin' || access(route) === 'annotate') {
        expect(route.operation.security).toEqual([{ apiKey: [] }]);
        expect(Object.keys(route.operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
      }
      // Every write needs admin, but an annotator's own labels.
      if (route.method !== 'GET')
        expect([route.method, route.path, access(route)]).toEqual([
          route.method,
          route.path,
          route.path === '/api/v1/articles/{id}/labels' ? 'annotate' : 'admin',
        ]);
    }
    const feedById = routes.find((r) => r.method === 'GET' && r.path === '/api/v1/feeds/{id}')!;
    expect(feedById.operation.parameters).toEqual([
      expect.objectContaining({
        name: 'id',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ type: 'integer' }),
      }),
    ]);
    const queryNames = (path: string) =>
      routes
        .find((r) => r.method === 'GET' && r.path === path)!
        .operation.parameters.filter((p: Json) => p.in === 'query')
        .map((p: Json) => p.name);
    const shared = ['lens', 'model', 'from', 'to', 'feed', 'outlet', 'country', 'language', 'kind'];
    expect(queryNames('/api/v1/articles').sort()).toEqual(
      [...shared, 'q', 'label', 'minScore', 'maxScore', 'relevant', 'cursor', 'limit', 'bom'].sort(),
    );
    expect(queryNames('/api/v1/sources').sort()).toEqual([...shared].sort());
    expect(queryNames('/api/v1/trends').sort()).toEqual(
      [...shared, 'interval', 'tz', 'groupBy', 'k', 'baseline', 'correction', 'shape', 'bom'].sort(),
    );
    for (const path of ['/api/v1/articles', '/api/v1/sources', '/api/v1/trends']) {
      const operation = routes.find((r) => r.method === 'GET' && r.path === path)!.operation;
      expect([path, operation['x-access'], operation.summary]).toEqual([path, 'read', expect.any(String)]);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400']));
      for (const parameter of operation.parameters) {
        // Nothing is required (each has a default), every parameter says what it means.
        expect([path, parameter.name, parameter.required ?? false]).toEqual([path, parameter.name, false]);
        expect([path, parameter.name, typeof parameter.description]).toEqual([
          path,
          parameter.name,
          'string',
        ]);
      }
      const feed = operation.parameters.find((p: Json) => p.name === 'feed');
      expect(feed.schema).toMatchObject({ type: 'array', items: { type: 'integer' } });
      const kind = operation.parameters.find((p: Json) => p.name === 'kind');
      expect(kind.schema.items.enum).toEqual(expect.arrayContaining(['state', 'independent']));
    }
    for (const path of ['/api/v1/articles', '/api/v1/trends']) {
      const ok = routes.find((r) => r.method === 'GET' && r.path === path)!.operation.responses['200'];
      expect(Object.keys(ok.content)).toEqual(expect.arrayContaining(['application/json', 'text/csv']));
    }
    const trendParameters = routes.find((r) => r.method === 'GET' && r.path === '/api/v1/trends')!.operation
      .parameters;
    expect(trendParameters.find((p: Json) => p.name === 'interval').schema.enum).toEqual([
      'hour',
      'day',
      'week',
      'month',
    ]);
    const importRoute = routes.find((r) => r.method === 'POST' && r.path === '/api/v1/articles/import')!;
    expect(importRoute.operation['x-access']).toBe('admin');
    expect(Object.keys(importRoute.operation.requestBody.content)).toEqual(
      expect.arrayContaining(['application/json', 'application/x-ndjson']),
    );
    const addFeed = routes.find((r) => r.method === 'POST' && r.path === '/api/v1/feeds')!;
    const bodySchema = addFeed.operation.requestBody.content['application/json'].schema;
    expect(bodySchema.required).toEqual(expect.arrayContaining(['url', 'outlet']));
    // Country, language and kind are optional since issue 18: what nobody gives is stored as unknown.
    for (const field of ['country', 'language', 'kind'])
      expect(bodySchema.properties[field].default).toBe('unknown');
    expect(bodySchema.properties.kind.enum).toEqual(
      expect.arrayContaining(['state', 'independent', 'unknown']),
    );
    expect(addFeed.operation.responses['300']).toBeDefined();
  });

  it('refuses every admin route without a key, with a wrong, revoked, read or annotate key, and accepts an admin key', async () => {
    const adminRoutes = routesOf(document).filter((route) => access(route) === 'admin');
    expect(adminRoutes.length).toBeGreaterThanOrEqual(3);
    for (const route of adminRoutes) {
      const url = urlOf(route);
      const name = `${route.method} ${url}`;
      // Admin reads (GET) take no body; fetch refuses to send one.
      const payload = route.method === 'GET' ? undefined : '{}';
      const without = await call(open, route.method, url, null, payload);
      expect([name, without.status]).toEqual([name, 401]);
      expect(without.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect((await body(without)).detail).toMatch(/Authorization: Bearer/);
      for (const wrong of ['sw_not-a-key-at-all', revokedKey, 'Basic abc'])
        expect([name, (await call(open, route.method, url, wrong, payload)).status]).toEqual([name, 401]);
      for (const lesser of [readKey, annotateKey]) {
        const refused = await call(open, route.method, url, lesser, payload);
        expect([name, refused.status]).toEqual([name, 403]);
        expect((await body(refused)).detail).toMatch(/admin scope/);
      }
      for (const key of [adminKey, BOOTSTRAP_KEY]) {
        const accepted = await call(open, route.method, url, key, payload);
        expect([name, accepted.status]).not.toEqual([name, 401]);
        expect([name, accepted.status]).not.toEqual([name, 403]);
      }
    }
  });

  it('keeps label routes behind an annotate or admin key, even while reads are open', async () => {
    const labelRoutes = routesOf(document).filter((route) => access(route) === 'annotate');
    expect(labelRoutes.map((route) => `${route.method} ${route.path}`).sort()).toEqual([
      'DELETE /api/v1/articles/{id}/labels',
      'GET /api/v1/labels',
      'GET /api/v1/labels/sample',
      'GET /api/v1/labels/summary',
      'PUT /api/v1/articles/{id}/labels',
    ]);
    for (const route of labelRoutes) {
      const url = urlOf(route);
      const name = `${route.method} ${url}`;
      const payload = route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}';
      for (const api of [open, closed]) {
        const without = await call(api, route.method, url, null, payload);
        expect([name, without.status]).toEqual([name, 401]);
        expect((await body(without)).detail).toMatch(/annotate scope.*Authorization: Bearer/);
        expect([name, (await call(api, route.method, url, revokedKey, payload)).status]).toEqual([name, 401]);
        const withRead = await call(api, route.method, url, readKey, payload);
        expect([name, withRead.status]).toEqual([name, 403]);
        expect((await body(withRead)).detail).toMatch(/annotate scope \(or admin\)/);
        for (const key of [annotateKey, adminKey, BOOTSTRAP_KEY]) {
          const status = (await call(api, route.method, url, key, payload)).status;
          expect([name, status === 401 || status === 403]).toEqual([name, false]);
        }
      }
    }
  });

  it('keeps read routes open by default, and behind a read key when READS_OPEN=false', async () => {
    const readRoutes = routesOf(document).filter((route) => access(route) === 'read');
    expect(readRoutes.length).toBeGreaterThanOrEqual(3);
    for (const route of readRoutes) {
      const url = urlOf(route);
      const name = `${route.method} ${url}`;
      expect([name, (await call(open, 'GET', url, null)).status]).not.toEqual([name, 401]);
      expect([name, (await call(open, 'GET', url, 'sw_wrong')).status]).toEqual([name, 401]);
      const refused = await call(closed, 'GET', url, null);
      expect([name, refused.status]).toEqual([name, 401]);
      expect((await body(refused)).detail).toMatch(/read scope.*Authorization: Bearer/);
      expect([name, (await call(closed, 'GET', url, revokedKey)).status]).toEqual([name, 401]);
      for (const key of [readKey, annotateKey, adminKey]) {
        const status = (await call(closed, 'GET', url, key)).status;
        expect([name, status === 401 || status === 403]).toEqual([name, false]);
      }
    }
    for (const route of routesOf(document).filter((r) => access(r) === 'public'))
      expect((await call(closed, route.method, urlOf(route), null)).status).not.toBe(401);
  });

  it('records when a key was last used', async () => {
    const keys = new ApiKeyRepository(target.db);
    const { key, record } = await keys.create('touched', ['read']);
    expect(record.lastUsedAt).toBeNull();
    expect((await call(closed, 'GET', '/api/v1/models', key)).status).toBe(200);
    let used: Date | null = null;
    for (let attempt = 0; attempt < 50 && !used; attempt++) {
      used = (await keys.list()).find((k) => k.id === record.id)!.lastUsedAt;
      if (!used) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(used).toBeInstanceOf(Date);
  });

  it('answers hostile parameters and bodies on every route with a 4xx or success, never a 5xx or a stack trace', async () => {
    const failures: string[] = [];
    const probed = new Set<string>();
    const check = async (method: string, url: string, body?: string, contentType?: string) => {
      const response = await fetch(`${open.base}${url}`, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': contentType ?? 'application/json' },
        body,
      });
      const text = await response.text();
      const where = `${method} ${url.slice(0, 120)}${body ? ` body ${body.slice(0, 80)}` : ''}`;
      if (response.status >= 500) failures.push(`${where} -> ${response.status} ${text.slice(0, 200)}`);
      if (STACK_TRACE.test(text)) failures.push(`${where} -> stack trace in ${text.slice(0, 200)}`);
    };
    for (const route of routesOf(document)) {
      const parameters: Json[] = route.operation.parameters ?? [];
      const hasBody = Boolean(route.operation.requestBody);
      const validQuery = Object.fromEntries(
        parameters
          .filter((p) => p.in === 'query' && p.required)
          .map((p) => [p.name, String(sampleOf(p.schema))]),
      );
      const body = hasBody ? '{}' : undefined;
      const jobs: Promise<void>[] = [];
      for (const parameter of parameters.filter((p) => p.in === 'path' || p.in === 'query')) {
        probed.add(`${route.method} ${route.path} ${parameter.name}`);
        for (const value of HOSTILE_VALUES) {
          const url =
            parameter.in === 'path'
              ? urlOf(route, validQuery, { [parameter.name]: value })
              : urlOf(route, { ...validQuery, [parameter.name]: value });
          jobs.push(check(route.method, url, body));
        }
        if (parameter.in === 'query')
          jobs.push(
            check(
              route.method,
              urlOf(route, { ...validQuery, [parameter.name]: HOSTILE_VALUES.slice(0, 50) }),
              body,
            ),
          );
      }
      const names = parameters.map((p) => p.name);
      if (names.includes('from') && names.includes('to'))
        jobs.push(
          check(
            route.method,
            urlOf(route, { ...validQuery, from: '2025-06-01T00:00:00Z', to: '2024-01-01T00:00:00Z' }),
            body,
          ),
        );
      if (names.includes('limit'))
        jobs.push(check(route.method, urlOf(route, { ...validQuery, limit: '1000000000' }), body));
      if (hasBody) {
        const schema = route.operation.requestBody.content?.['application/json']?.schema ?? {};
        const valid = Object.fromEntries(
          Object.entries((schema.properties ?? {}) as Record<string, Json>).map(([name, s]) => [
            name,
            sampleOf(s),
          ]),
        );
        const bodies = [
          '',
          'null',
          '[]',
          '"text"',
          '42',
          '{"unterminated": ',
          JSON.stringify({ ...valid, unknownField: "' OR 1=1 --" }),
          JSON.stringify({ nested: JSON.parse('['.repeat(2000) + ']'.repeat(2000)) }),
          JSON.stringify({ ...valid, huge: 'x'.repeat(200_000) }),
        ];
        for (const name of Object.keys(schema.properties ?? {}))
          for (const value of [...HOSTILE_VALUES, -1, 1e308, 2 ** 63, true, null, [], {}, ['x']])
            bodies.push(JSON.stringify({ ...valid, [name]: value }));
        for (const hostileBody of bodies)
          jobs.push(check(route.method, urlOf(route, validQuery), hostileBody));
        jobs.push(check(route.method, urlOf(route, validQuery), JSON.stringify(valid), 'text/plain'));
      }
      await Promise.all(jobs);
    }
    expect(failures).toEqual([]);
    // The sweep reaches the query parameters of the list, sources and trends routes through the document.
    expect([...probed]).toEqual(
      expect.arrayContaining([
        'GET /api/v1/articles lens',
        'GET /api/v1/articles q',
        'GET /api/v1/articles cursor',
        'GET /api/v1/articles limit',
        'GET /api/v1/articles feed',
        'GET /api/v1/sources lens',
        'GET /api/v1/sources from',
        'GET /api/v1/trends tz',
        'GET /api/v1/trends baseline',
        'GET /api/v1/trends groupBy',
      ]),
    );
  }, 120_000);

  it('refuses an import from a caller without the admin scope before reading its body', async () => {
    // Bigger than the import's own 5 MiB limit: a parser running before the access check would answer 413.
    const huge = `${JSON.stringify({ url: 'https://example.org/x', title: 'x' })}\n`.repeat(120_000);
    expect(huge.length).toBeGreaterThan(5 * 1024 * 1024);
    const post = (key: string | null) =>
      fetch(`${open.base}/api/v1/articles/import`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-ndjson',
          ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        },
        body: huge,
      });
    const anonymous = await post(null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await post('sw_not-a-key-at-all')).status).toBe(401);
    const reader = await post(readKey);
    expect(reader.status).toBe(403);
    expect((await body(reader)).detail).toMatch(/admin scope/);
    // The admin key gets the parser, and its limit.
    expect((await post(adminKey)).status).toBe(413);
  });

  it('keys anonymous clients by the address TRUST_PROXY names, and ignores X-Forwarded-For without it', async () => {
    const proxied = await startApi(target, { RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: 'loopback' });
    const direct = await startApi(target, { RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const from = (api: Api, client: string) =>
        fetch(`${api.base}/api/v1/models`, { headers: { 'x-forwarded-for': client } }).then((r) => r.status);
      // Behind the (loopback) proxy: each client has a budget of its own.
      expect([await from(proxied, '198.51.100.1'), await from(proxied, '198.51.100.1')]).toEqual([200, 200]);
      expect(await from(proxied, '198.51.100.1')).toBe(429);
      expect(await from(proxied, '198.51.100.2')).toBe(200);
      // Two addresses of one IPv6 /64 are one client.
      expect(await from(proxied, '2001:db8:7:7::1')).toBe(200);
      expect(await from(proxied, '2001:db8:7:7::2')).toBe(200);
      expect(await from(proxied, '2001:db8:7:7:ffff::3')).toBe(429);
      // Without TRUST_PROXY a forged header buys no fresh budget.
      expect([await from(direct, '198.51.100.3'), await from(direct, '198.51.100.4')]).toEqual([200, 200]);
      expect(await from(direct, '198.51.100.5')).toBe(429);
    } finally {
      await proxied.app.close();
      await direct.app.close();
    }
  });

  it('refuses a TRUST_PROXY it cannot read, saying what it takes', () => {
    expect(() => testConfig(target.url, { TRUST_PROXY: 'yes please' })).toThrow(
      /TRUST_PROXY: expected false, a number of proxy hops such as 1, or a comma-separated list/,
    );
  });

  it('limits requests per key or address with 429, Retry-After and problem+json, but never health checks', async () => {
    for (let i = 0; i < 3; i++) expect((await call(limited, 'GET', '/api/v1/models', null)).status).toBe(200);
    const over = await call(limited, 'GET', '/api/v1/feeds', null);
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await body(over)).detail).toMatch(/too many requests.*Retry-After/);
    // Guessing keys spends the address's budget: no fresh budget per wrong key.
    expect((await call(limited, 'POST', '/api/v1/feeds', 'sw_guess', '{}')).status).toBe(429);
    expect((await call(limited, 'GET', '/healthz', null)).status).toBe(200);
    // A valid key has a budget of its own.
    for (let i = 0; i < 3; i++)
      expect((await call(limited, 'GET', '/api/v1/models', readKey)).status).toBe(200);
    expect((await call(limited, 'GET', '/api/v1/models', readKey)).status).toBe(429);
    expect((await call(limited, 'GET', '/api/v1/models', adminKey)).status).toBe(200);
  });
});
