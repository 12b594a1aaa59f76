import { annotationListResponse } from '../../apps/api/src/annotations/annotation-responses.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { z } from 'zod';
import { QueueName } from '../../libs/queue/src/index.js';
import {
  alertEventPageResponse,
  alertRuleListResponse,
  alertRuleSchema,
} from '../../apps/api/src/alerts/alert-responses.js';
import { articleDetailResponse, articlePageResponse } from '../../apps/api/src/articles/article-responses.js';
import { feedDetailResponse, feedListResponse, feedSchema } from '../../apps/api/src/feeds/feed-responses.js';
import { healthResponse, readinessResponse } from '../../apps/api/src/health/health-responses.js';
import { buildOpenApiDocument } from '../../apps/api/src/http/openapi.js';
import { DASHBOARD_TYPES_PATH, dashboardTypesSource } from '../../apps/api/src/http/openapi-typescript.js';
import { responseSchema } from '../../apps/api/src/http/zod-openapi.js';
import {
  labelPageResponse,
  labelSampleResponse,
  labelSummaryResponse,
  storedLabelSchema,
} from '../../apps/api/src/labels/label-responses.js';
import { modelListResponse } from '../../apps/api/src/models/model-responses.js';
import { validationResponse } from '../../apps/api/src/validation/validation-responses.js';
import { sourcesResponse } from '../../apps/api/src/sources/source-responses.js';
import {
  trendColumnsResponse,
  trendResponse,
  trendResponses,
} from '../../apps/api/src/trends/trend-schema.js';
import {
  deliveryListResponse,
  registeredWebhookResponse,
  testQueuedResponse,
  webhookListResponse,
} from '../../apps/api/src/webhooks/webhook-responses.js';
import { insertFeed, insertScored, LENS, MODEL, minutesAfter } from '../support/alert-archive.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';
import { removeQueuesAt } from '../support/worker-fixture.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
const ROOT = join(import.meta.dirname, '../..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is walked by the assertions
type Json = any;
type Route = { method: string; path: string; operation: Json };

function routesOf(document: Json): Route[] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ method, path, operation: item[method] })),
  );
}

describe('the API documents its responses, and they are true', () => {
  const api = apiOnItsOwnDatabase({ ADMIN_API_KEY: ADMIN_KEY, WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8' });
  let document: Json;
  let feedId: number;
  let articleId: number;

  beforeAll(async () => {
    document = await (await fetch(`${api.base}/docs-json`)).json();
    feedId = await insertFeed(api.target.db, 'TASS');
    const start = new Date(Date.now() - 3 * 86_400_000);
    [articleId] = await insertScored(api.target.db, feedId, [
      { publishedAt: start, label: 'supportive' },
      { publishedAt: minutesAfter(start, 90), label: 'critical', language: 'ru' },
      { publishedAt: minutesAfter(start, 1500), label: 'neutral', language: null },
    ]);
  });

  afterAll(async () => {
    // The test event queued a delivery job under this file's prefix.
    await removeQueuesAt(api.config, QueueName.WebhookDeliver);
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${api.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /**
   * The body of a real answer, after checking that the document declares `schema` for this route
   * and status (so the check below is a check of the document) and that the body satisfies it
   * (strict objects: a field the schema does not name fails too).
   */
  async function conforming<S extends z.ZodType>(
    response: Response,
    path: string,
    method: string,
    schema: S,
  ): Promise<z.output<S>> {
    const body = await response.json();
    const declared = document.paths[path][method].responses[String(response.status)];
    expect(declared?.content?.['application/json']?.schema).toEqual(responseSchema(schema));
    const result = schema.safeParse(body);
    if (!result.success)
      throw new Error(`${method} ${path}: ${result.error.message}\n${JSON.stringify(body)}`);
    return result.data;
  }

  it('is a valid OpenAPI 3 document with a unique camelCase operationId per route', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const ids = routesOf(document).map((route) => route.operation.operationId);
    expect(ids.filter((id) => !/^[a-z][A-Za-z]+$/.test(id ?? ''))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares a success response with a schema for every route (none for a 204)', () => {
    for (const { method, path, operation } of routesOf(document)) {
      const success = Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status));
      expect({ route: `${method} ${path}`, success: success.length }).toEqual({
        route: `${method} ${path}`,
        success: 1,
      });
      const response = operation.responses[success[0]];
      if (success[0] === '204') {
        expect(response.content).toBeUndefined();
        continue;
      }
      const media = Object.entries(response.content ?? {}) as [string, Json][];
      expect({ route: `${method} ${path}`, media: media.length > 0 }).toEqual({
        route: `${method} ${path}`,
        media: true,
      });
      for (const [type, { schema }] of media)
        expect({ route: `${method} ${path}`, type, schema: Boolean(schema) }).toEqual({
          route: `${method} ${path}`,
          type,
          schema: true,
        });
    }
  });

  it('answers feeds, trends, articles, sources and models as their schemas say', async () => {
    await conforming(await call('GET', '/api/v1/feeds'), '/api/v1/feeds', 'get', feedListResponse);
    await conforming(
      await call('GET', `/api/v1/feeds/${feedId}`),
      '/api/v1/feeds/{id}',
      'get',
      feedDetailResponse,
    );
    const created = await call('POST', '/api/v1/feeds', {
      url: 'https://tass.com/rss/v2.xml',
      outlet: 'TASS',
      country: 'RU',
      language: 'en',
      kind: 'state',
    });
    expect(created.status).toBe(201);
    await conforming(created, '/api/v1/feeds', 'post', feedSchema);

    const filters = `lens=${LENS}&model=${MODEL}&from=${new Date(Date.now() - 7 * 86_400_000).toISOString()}`;
    // The route declares both forms; the default is the points.
    const trend = trendResponse.parse(
      await conforming(
        await call('GET', `/api/v1/trends?${filters}`),
        '/api/v1/trends',
        'get',
        trendResponses,
      ),
    );
    expect(trend.points?.some((point) => point.n > 0)).toBe(true);
    const grouped = await call(
      'GET',
      `/api/v1/trends?${filters}&interval=hour&groupBy=language&k=0.5&baseline=3`,
    );
    const { series } = trendResponse.parse(
      await conforming(grouped, '/api/v1/trends', 'get', trendResponses),
    );
    expect(series?.length).toBeGreaterThan(0);
    const columns = trendColumnsResponse.parse(
      await conforming(
        await call('GET', `/api/v1/trends?${filters}&interval=hour&groupBy=language&shape=columns`),
        '/api/v1/trends',
        'get',
        trendResponses,
      ),
    );
    expect(columns.series?.map((s) => s.key)).toEqual(series?.map((s) => s.key));

    const page = await conforming(
      await call('GET', `/api/v1/articles?${filters}&limit=2`),
      '/api/v1/articles',
      'get',
      articlePageResponse,
    );
    expect(page.articles).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    await conforming(
      await call('GET', `/api/v1/articles/${articleId}`),
      '/api/v1/articles/{id}',
      'get',
      articleDetailResponse,
    );

    const sources = await conforming(
      await call('GET', `/api/v1/sources?${filters}`),
      '/api/v1/sources',
      'get',
      sourcesResponse,
    );
    expect(sources.sources.length).toBeGreaterThan(0);
    await conforming(await call('GET', '/api/v1/models'), '/api/v1/models', 'get', modelListResponse);
    await api.target.db.query(
      `INSERT INTO annotations (starts_at, ends_at, title, created_by) VALUES ('2025-05-07', '2025-05-10', 'Xi in Moscow', 'admin')`,
    );
    const annotations = await conforming(
      await call('GET', '/api/v1/annotations'),
      '/api/v1/annotations',
      'get',
      annotationListResponse,
    );
    expect(annotations.annotations).toHaveLength(1);
    await conforming(await call('GET', '/healthz'), '/healthz', 'get', healthResponse);
    await conforming(await call('GET', '/readyz'), '/readyz', 'get', readinessResponse);
  });

  it('answers labels, their list, samples and summary as their schemas say', async () => {
    const stored = await call('PUT', `/api/v1/articles/${articleId}/labels`, {
      lens: LENS,
      label: 'critical',
      note: 'why',
    });
    expect(stored.status).toBe(200);
    await conforming(stored, '/api/v1/articles/{id}/labels', 'put', storedLabelSchema);
    const page = await conforming(
      await call('GET', `/api/v1/labels?lens=${LENS}`),
      '/api/v1/labels',
      'get',
      labelPageResponse,
    );
    expect(page.labels).toHaveLength(1);
    const sample = await conforming(
      await call('GET', `/api/v1/labels/sample?lens=${LENS}&model=${MODEL}&stratify=language`),
      '/api/v1/labels/sample',
      'get',
      labelSampleResponse,
    );
    expect(sample.articles).toHaveLength(2);
    await conforming(
      await call('GET', `/api/v1/labels/summary?lens=${LENS}`),
      '/api/v1/labels/summary',
      'get',
      labelSummaryResponse,
    );
    const validation = await conforming(
      await call('GET', `/api/v1/validation?lens=${LENS}&model=${MODEL}`),
      '/api/v1/validation',
      'get',
      validationResponse,
    );
    expect(validation.n).toBe(1);
    const corrected = trendResponse.parse(
      await conforming(
        await call('GET', `/api/v1/trends?lens=${LENS}&model=${MODEL}&correction=acc`),
        '/api/v1/trends',
        'get',
        trendResponses,
      ),
    );
    expect(corrected.correction).toMatchObject({ method: 'acc', applied: false });
    const removed = await call('DELETE', `/api/v1/articles/${articleId}/labels?lens=${LENS}`);
    expect(removed.status).toBe(204);
  });

  it('answers alert rules, events and webhooks as their schemas say', async () => {
    const rule = await call('POST', '/api/v1/alerts/rules', {
      name: 'critical coverage',
      lens: LENS,
      metric: 'share_critical',
      windowMinutes: 360,
      condition: 'threshold',
      operator: 'above',
      value: 0.5,
    });
    expect(rule.status).toBe(201);
    const { id } = await conforming(rule, '/api/v1/alerts/rules', 'post', alertRuleSchema);
    await conforming(
      await call('GET', '/api/v1/alerts/rules'),
      '/api/v1/alerts/rules',
      'get',
      alertRuleListResponse,
    );
    await conforming(
      await call('GET', `/api/v1/alerts/rules/${id}`),
      '/api/v1/alerts/rules/{id}',
      'get',
      alertRuleSchema,
    );
    await conforming(
      await call('GET', '/api/v1/alerts/events'),
      '/api/v1/alerts/events',
      'get',
      alertEventPageResponse,
    );

    const webhook = await call('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook' });
    expect(webhook.status).toBe(201);
    const endpoint = await conforming(webhook, '/api/v1/webhooks', 'post', registeredWebhookResponse);
    await conforming(await call('GET', '/api/v1/webhooks'), '/api/v1/webhooks', 'get', webhookListResponse);
    const queued = await call('POST', `/api/v1/webhooks/${endpoint.id}/test`);
    await conforming(queued, '/api/v1/webhooks/{id}/test', 'post', testQueuedResponse);
    const deliveries = await conforming(
      await call('GET', `/api/v1/webhooks/${endpoint.id}/deliveries`),
      '/api/v1/webhooks/{id}/deliveries',
      'get',
      deliveryListResponse,
    );
    expect(deliveries.deliveries).toHaveLength(1);
  });

  it('keeps the dashboard types generated from this document', async () => {
    const fresh = await dashboardTypesSource(buildOpenApiDocument(api.app, api.config), ROOT);
    const committed = await readFile(join(ROOT, DASHBOARD_TYPES_PATH), 'utf8');
    if (committed !== fresh)
      throw new Error(
        `${DASHBOARD_TYPES_PATH} is stale: the API's response schemas changed. Run \`npm run generate:dashboard-types\` and commit the result.`,
      );
  });
});
