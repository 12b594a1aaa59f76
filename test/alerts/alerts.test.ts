import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { createApi } from '../../apps/api/src/create-api.js';
import {
  type AlertEvent,
  ruleDraftSchema,
  type AlertRule,
  AlertRuleRepository,
  createRuleEvaluator,
  type RuleEvaluator,
} from '../../libs/alerts/src/index.js';
import { Database } from '../../libs/db/src/index.js';
import {
  LENS,
  MODEL,
  insertFeed,
  insertScored,
  minutesAfter,
  type ScoredDraft,
} from '../support/alert-archive.js';
import { eventually } from '../support/eventually.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { listenLocally } from '../support/listen-locally.js';
import { startInProcessWorker } from '../support/worker-fixture.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
type Json = any;

const DASHBOARD = 'https://dash.example.org';

/** A dispatcher that records what it was handed, as the webhooks' EventDispatcher would receive it. */
class RecordingSink {
  events: AlertEvent[] = [];
  async dispatch(event: AlertEvent) {
    this.events.push(event);
    return { deliveries: 1 };
  }
  ofRule(ruleId: number) {
    return this.events.filter((event) => (event.data.rule as { id: number }).id === ruleId);
  }
}

describe('alert rules on synthetic trend data', () => {
  let target: TestDatabase;
  let rules: AlertRuleRepository;
  let sink: RecordingSink;
  let evaluator: RuleEvaluator;
  const T0 = new Date('2025-06-02T12:30:00Z');

  const addRule = (input: Record<string, unknown>): Promise<AlertRule> =>
    rules.create(ruleDraftSchema([LENS]).parse({ lens: LENS, model: MODEL, ...input }));
  const eventsOf = (ruleId: number) =>
    target.db.query<{
      id: string;
      type: string;
      value: number;
      evidence: Record<string, unknown>;
      articleIds: number[];
    }>(
      `SELECT id, type, value, evidence, article_ids::float8[] AS "articleIds" FROM alert_events WHERE rule_id = $1 ORDER BY occurred_at, id`,
      [ruleId],
    );
  const labels = (
    start: Date,
    label: ScoredDraft['label'],
    count: number,
    stepMinutes: number,
  ): ScoredDraft[] =>
    Array.from({ length: count }, (_, i) => ({ publishedAt: minutesAfter(start, i * stepMinutes), label }));

  beforeAll(async () => {
    target = await createTestDatabase();
    rules = new AlertRuleRepository(target.db);
    sink = new RecordingSink();
    evaluator = createRuleEvaluator(target.db, { defaultModel: MODEL, dashboardUrl: DASHBOARD, sink });
  });

  afterAll(async () => {
    await target.drop();
  });

  it('fires a threshold rule once, repeats after the repeat interval, resolves, and waits out the cool-down', async () => {
    const feed = await insertFeed(target.db, 'Threshold Daily');
    const critical = await insertScored(target.db, feed, labels(minutesAfter(T0, -125), 'critical', 4, 30));
    await insertScored(target.db, feed, [{ publishedAt: minutesAfter(T0, -200), label: 'supportive' }]);
    // Outside the 6-hour window: must not count.
    await insertScored(target.db, feed, labels(minutesAfter(T0, -400), 'supportive', 5, 1));
    const rule = await addRule({
      name: 'critical share',
      filters: { outlet: ['Threshold Daily'] },
      metric: 'share_critical',
      windowMinutes: 360,
      condition: 'threshold',
      operator: 'above',
      value: 0.5,
      repeatIntervalMinutes: 120,
      cooldownMinutes: 60,
    });

    const first = await evaluator.evaluateAll(T0);
    expect(first.errors).toEqual([]);
    expect(first.rules.find((r) => r.ruleId === rule.id)?.result).toBe('fired');
    let events = await eventsOf(rule.id);
    expect(events.map((e) => e.type)).toEqual(['alert.firing']);
    expect(events[0].value).toBeCloseTo(4 / 5, 12);
    expect(events[0].evidence).toMatchObject({
      n: 5,
      threshold: 0.5,
      operator: 'above',
      windowEnd: T0.toISOString(),
    });
    expect([...events[0].articleIds].sort()).toEqual([...critical, expect.any(Number)].sort());
    expect(events[0].articleIds).toHaveLength(5);
    expect(events[0].articleIds[0]).toBe(critical[3]);

    // Still firing: nothing new before the repeat interval, however often it is evaluated.
    await evaluator.evaluateAll(minutesAfter(T0, 30));
    await evaluator.evaluateAll(minutesAfter(T0, 119));
    expect((await eventsOf(rule.id)).length).toBe(1);

    const repeat = await evaluator.evaluateAll(minutesAfter(T0, 121));
    expect(repeat.rules.find((r) => r.ruleId === rule.id)?.result).toBe('repeated');
    events = await eventsOf(rule.id);
    expect(events.map((e) => e.type)).toEqual(['alert.firing', 'alert.firing']);

    // Ten supportive articles: 4 of 15 critical, the condition clears.
    await insertScored(target.db, feed, labels(minutesAfter(T0, 125), 'supportive', 10, 1));
    await evaluator.evaluateAll(minutesAfter(T0, 150));
    events = await eventsOf(rule.id);
    expect(events.map((e) => e.type)).toEqual(['alert.firing', 'alert.firing', 'alert.resolved']);
    expect(events[2].value).toBeCloseTo(4 / 15, 12);

    // It holds again 20 minutes after the resolve: the cool-down (60 min) keeps it quiet...
    await insertScored(target.db, feed, labels(minutesAfter(T0, 155), 'critical', 20, 1));
    const cooling = await evaluator.evaluateAll(minutesAfter(T0, 180));
    expect(cooling.rules.find((r) => r.ruleId === rule.id)).toMatchObject({
      holds: true,
      result: 'cooling-down',
    });
    expect((await eventsOf(rule.id)).length).toBe(3);
    // ...until it has passed.
    await evaluator.evaluateAll(minutesAfter(T0, 211));
    events = await eventsOf(rule.id);
    expect(events.map((e) => e.type)).toEqual([
      'alert.firing',
      'alert.firing',
      'alert.resolved',
      'alert.firing',
    ]);
    // The window now starts after the first supportive article: 24 critical of 34.
    expect(events[3].value).toBeCloseTo(24 / 34, 12);

    // Every event went to the dispatcher once, with the same fingerprint, numbers and links.
    const dispatched = sink.ofRule(rule.id);
    expect(dispatched.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(new Set(dispatched.map((e) => e.data.fingerprint)).size).toBe(1);
    const [fired] = dispatched;
    expect(fired).toMatchObject({ type: 'alert.firing', occurredAt: T0 });
    expect(fired.id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(fired.data).toMatchObject({
      metric: 'share_critical',
      value: 0.8,
      window: { end: T0.toISOString() },
    });
    expect(fired.data.articles).toContainEqual({
      id: critical[0],
      path: `/api/v1/articles/${critical[0]}`,
      url: `${DASHBOARD}/api/v1/articles/${critical[0]}`,
      dashboardUrl: `${DASHBOARD}/?view=article&id=${critical[0]}`,
    });
    expect(String(fired.data.dashboardUrl)).toMatch(
      /^https:\/\/dash\.example\.org\/\?view=articles&from=2025-06-02T06%3A30/,
    );
    expect(String(fired.data.dashboardUrl)).toContain('outlet=Threshold+Daily');
    expect(fired.summary).toContain('0.80');
    expect(fired.summary).toContain('above 0.50');
  });

  it('fires a baseline rule on a spike of more than k standard deviations, and only with min articles', async () => {
    const feed = await insertFeed(target.db, 'Baseline Wire');
    // 24 hourly windows before T0 with 1, 2 or 3 articles each, then 12 in the last hour.
    const calm: ScoredDraft[] = [];
    for (let hour = 1; hour <= 24; hour += 1)
      calm.push(...labels(minutesAfter(T0, -60 * hour - 50), 'neutral', 1 + (hour % 3), 7));
    await insertScored(target.db, feed, calm);
    const spike = { name: 'volume spike', filters: { outlet: ['Baseline Wire'] }, metric: 'volume' };
    const base = { ...spike, windowMinutes: 60, condition: 'baseline', k: 3, baselineDays: 1 };
    const strict = await addRule({ ...base, name: 'needs 20', minArticles: 20 });
    const rule = await addRule({ ...base, minArticles: 10 });

    const before = await evaluator.evaluateAll(T0);
    expect(before.rules.find((r) => r.ruleId === rule.id)).toMatchObject({ holds: false, value: null });

    await insertScored(target.db, feed, labels(minutesAfter(T0, 5), 'neutral', 12, 4));
    const at = minutesAfter(T0, 60);
    const report = await evaluator.evaluateAll(at);
    expect(report.rules.find((r) => r.ruleId === rule.id)?.result).toBe('fired');
    expect(report.rules.find((r) => r.ruleId === strict.id)).toMatchObject({ holds: false, value: null });
    const [event] = await eventsOf(rule.id);
    // The baseline: the calm articles counted in each of the 24 hourly windows before the newest.
    const previous = Array.from({ length: 24 }, (_, i) => {
      const [lo, hi] = [minutesAfter(at, -60 * (i + 2)), minutesAfter(at, -60 * (i + 1))];
      return calm.filter((draft) => draft.publishedAt >= lo && draft.publishedAt < hi).length;
    });
    const mean = previous.reduce((a, b) => a + b, 0) / previous.length;
    const sd = Math.sqrt(previous.reduce((a, b) => a + (b - mean) ** 2, 0) / (previous.length - 1));
    expect(event.value).toBe(12);
    expect(event.evidence.baselineMean).toBeCloseTo(mean, 9);
    expect(event.evidence.baselineSd).toBeCloseTo(sd, 9);
    expect(event.evidence.z).toBeCloseTo((12 - mean) / sd, 9);
    expect(event.evidence).toMatchObject({ k: 3, baselineWindows: 24, n: 12, minArticles: 10 });
    expect(await eventsOf(strict.id)).toEqual([]);
  });

  it('fires a new-term rule when the phrase first appears in relevant articles', async () => {
    const feed = await insertFeed(target.db, 'Term Gazette');
    await insertScored(target.db, feed, [
      {
        publishedAt: minutesAfter(T0, -60 * 24 * 10),
        label: 'neutral',
        title: 'Power of Siberia 2 first floated',
      },
      {
        publishedAt: minutesAfter(T0, -60 * 24 * 2),
        label: 'neutral',
        title: 'Power of Siberia 25 years on',
      },
      { publishedAt: minutesAfter(T0, -60 * 24 * 3), label: 'neutral', title: 'Сила Сибири 2: переговоры' },
    ]);
    const rule = await addRule({
      name: 'pipeline',
      filters: { outlet: ['Term Gazette'] },
      kind: 'new-term',
      phrase: 'Power of Siberia 2',
      windowMinutes: 360,
      baselineDays: 7,
    });
    const seenBefore = await addRule({
      name: 'seen',
      filters: { outlet: ['Term Gazette'] },
      kind: 'new-term',
      phrase: 'сила сибири 2',
      windowMinutes: 360,
      baselineDays: 7,
    });
    expect((await evaluator.evaluateAll(T0)).rules.find((r) => r.ruleId === rule.id)?.result).toBe('quiet');

    const [fresh] = await insertScored(target.db, feed, [
      {
        publishedAt: minutesAfter(T0, 10),
        label: 'critical',
        title: 'Russia, China sign POWER-OF-SIBERIA 2 deal',
      },
      { publishedAt: minutesAfter(T0, 11), label: 'critical', title: '«Сила Сибири 2» подписана' },
    ]);
    const report = await evaluator.evaluateAll(minutesAfter(T0, 30));
    expect(report.rules.find((r) => r.ruleId === rule.id)?.result).toBe('fired');
    expect(report.rules.find((r) => r.ruleId === seenBefore.id)?.result).toBe('quiet');
    const [event] = await eventsOf(rule.id);
    expect(event.articleIds).toEqual([fresh]);
    expect(event.evidence).toMatchObject({ phrase: 'Power of Siberia 2', value: 1, seenBefore: null });
    expect(sink.ofRule(rule.id)[0].summary).toContain('"Power of Siberia 2"');
  });

  it('fires once when several evaluators run at the same moment', async () => {
    const feed = await insertFeed(target.db, 'Concurrent Post');
    await insertScored(target.db, feed, labels(minutesAfter(T0, -60), 'critical', 3, 5));
    const rule = await addRule({
      name: 'concurrent',
      filters: { outlet: ['Concurrent Post'] },
      metric: 'mean_stance',
      windowMinutes: 120,
      condition: 'threshold',
      operator: 'below',
      value: -0.5,
    });
    const db = new Database(target.url, { max: 12 });
    try {
      const sinks = Array.from({ length: 6 }, () => new RecordingSink());
      const evaluators = sinks.map((s) =>
        createRuleEvaluator(db, { defaultModel: MODEL, dashboardUrl: DASHBOARD, sink: s }),
      );
      const reports = await Promise.all(evaluators.map((e) => e.evaluateAll(T0)));
      expect(reports.flatMap((r) => r.errors)).toEqual([]);
      const events = await eventsOf(rule.id);
      expect(events.map((e) => e.type)).toEqual(['alert.firing']);
      expect(events[0].value).toBeCloseTo(-0.8, 6);
      expect(sinks.flatMap((s) => s.ofRule(rule.id)).map((e) => e.id)).toEqual([events[0].id]);
    } finally {
      await db.close();
    }
  });

  it('hands over events that were stored but not dispatched, at the next evaluation', async () => {
    const feed = await insertFeed(target.db, 'Outbox Times');
    await insertScored(target.db, feed, labels(minutesAfter(T0, -30), 'supportive', 2, 5));
    const rule = await addRule({
      name: 'outbox',
      filters: { outlet: ['Outbox Times'] },
      metric: 'share_supportive',
      windowMinutes: 60,
      condition: 'threshold',
      operator: 'above',
      value: 0.9,
    });
    const failing = { dispatch: async () => Promise.reject(new Error('redis is down')) };
    const broken = createRuleEvaluator(target.db, {
      defaultModel: MODEL,
      dashboardUrl: DASHBOARD,
      sink: failing,
    });
    const report = await broken.evaluateAll(T0);
    expect(report.errors.join()).toContain('redis is down');
    const [event] = await eventsOf(rule.id);
    expect(sink.ofRule(rule.id)).toEqual([]);
    await evaluator.evaluateAll(minutesAfter(T0, 1));
    expect(sink.ofRule(rule.id).map((e) => e.id)).toEqual([event.id]);
    await evaluator.evaluateAll(minutesAfter(T0, 2));
    expect(sink.ofRule(rule.id)).toHaveLength(1);
  });
});

describe('/api/v1/alerts', () => {
  const ADMIN_KEY = 'alerts-admin-key-0123456789';
  let target: TestDatabase;
  let app: INestApplication;
  let base: string;
  const T0 = new Date('2025-06-02T12:30:00Z');
  const call = async (method: string, path: string, body?: unknown, key: string | null = ADMIN_KEY) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: response.status === 204 ? null : ((await response.json()) as Json),
    };
  };

  beforeAll(async () => {
    target = await createTestDatabase();
    app = await createApi(testConfig(target.url, { ADMIN_API_KEY: ADMIN_KEY, NLI_MODEL: MODEL }));
    base = await listenLocally(app);
  });

  afterAll(async () => {
    await app.close();
    await target.drop();
  });

  it('creates, reads, changes and deletes rules with the admin key only', async () => {
    const rule = {
      name: 'stance drop',
      lens: LENS,
      metric: 'mean_stance',
      windowMinutes: 1440,
      condition: 'baseline',
      k: 2,
      baselineDays: 7,
      minArticles: 5,
    };
    expect((await call('POST', '/api/v1/alerts/rules', rule, null)).status).toBe(401);
    const created = await call('POST', '/api/v1/alerts/rules', rule);
    expect(created).toMatchObject({
      status: 201,
      body: { ...rule, kind: 'metric', enabled: true, repeatIntervalMinutes: 240 },
    });
    const bad = await call('POST', '/api/v1/alerts/rules', { ...rule, k: undefined });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('body.k: a baseline condition needs k');

    const id = created.body.id;
    expect((await call('GET', `/api/v1/alerts/rules/${id}`, undefined, null)).body).toMatchObject(rule);
    const patched = await call('PATCH', `/api/v1/alerts/rules/${id}`, { enabled: false, k: 3 });
    expect(patched).toMatchObject({ status: 200, body: { enabled: false, k: 3, name: 'stance drop' } });
    expect((await call('PATCH', `/api/v1/alerts/rules/${id}`, { condition: 'threshold' })).status).toBe(400);
    expect((await call('PATCH', `/api/v1/alerts/rules/${id}`, { colour: 'red' })).status).toBe(400);
    expect(
      (await call('GET', '/api/v1/alerts/rules', undefined, null)).body.rules.map((r: Json) => r.id),
    ).toEqual([id]);
    expect((await call('DELETE', `/api/v1/alerts/rules/${id}`, undefined, null)).status).toBe(401);
    expect((await call('DELETE', `/api/v1/alerts/rules/${id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/alerts/rules/${id}`)).status).toBe(404);
  });

  it('lists events newest first with their numbers and article links, filtered and paginated', async () => {
    const feed = await insertFeed(target.db, 'API Courier');
    const ids = await insertScored(target.db, feed, labels3(minutesAfter(T0, -25)));
    const { body: rule } = await call('POST', '/api/v1/alerts/rules', {
      name: 'busy',
      lens: LENS,
      filters: { outlet: ['API Courier'] },
      metric: 'volume',
      windowMinutes: 60,
      condition: 'threshold',
      operator: 'above',
      value: 2,
      repeatIntervalMinutes: 10,
    });
    const evaluator = createRuleEvaluator(target.db, {
      defaultModel: MODEL,
      dashboardUrl: DASHBOARD,
      sink: new RecordingSink(),
    });
    for (const minutes of [0, 11, 22]) await evaluator.evaluateAll(minutesAfter(T0, minutes));

    const page1 = await call('GET', `/api/v1/alerts/events?rule=${rule.id}&limit=2`, undefined, null);
    expect(page1.status).toBe(200);
    expect(page1.body.events.map((e: Json) => e.occurredAt)).toEqual(
      [22, 11].map((m) => minutesAfter(T0, m).toISOString()),
    );
    const [newest] = page1.body.events;
    expect(newest).toMatchObject({
      type: 'alert.firing',
      status: 'firing',
      ruleId: rule.id,
      value: 3,
      evidence: { n: 3, threshold: 2, operator: 'above' },
    });
    expect(newest.articles.map((a: Json) => a.path).sort()).toEqual(
      ids.map((id) => `/api/v1/articles/${id}`).sort(),
    );
    expect(newest.summary).toContain('3 articles');
    const page2 = await call(
      'GET',
      `/api/v1/alerts/events?rule=${rule.id}&limit=2&cursor=${page1.body.nextCursor}`,
      undefined,
      null,
    );
    expect(page2.body.events.map((e: Json) => e.occurredAt)).toEqual([T0.toISOString()]);
    expect(page2.body.nextCursor).toBeNull();
    const resolved = await call(
      'GET',
      `/api/v1/alerts/events?rule=${rule.id}&status=resolved`,
      undefined,
      null,
    );
    expect(resolved.body.events).toEqual([]);
    expect((await call('GET', '/api/v1/alerts/events?cursor=nope', undefined, null)).status).toBe(400);
    const article = await call('GET', newest.articles[0].path, undefined, null);
    expect(article.status).toBe(200);
  });
});

function labels3(start: Date): ScoredDraft[] {
  return [0, 10, 20].map((m) => ({ publishedAt: minutesAfter(start, m), label: 'neutral' }));
}

describe('the alerts-evaluate worker', () => {
  it('evaluates on its job scheduler and dispatches through the webhooks', async () => {
    const target = await createTestDatabase();
    const config = testConfig(target.url, {
      NLI_MODEL: MODEL,
      WORKER_QUEUES: 'alerts-evaluate',
      ALERTS_EVALUATE_EVERY_SEC: '1',
    });
    let worker: INestApplicationContext | undefined;
    try {
      const feed = await insertFeed(target.db, 'Worker Ledger');
      await insertScored(target.db, feed, labels3(minutesAfter(new Date(), -40)));
      const [rule] = await target.db.query<{ id: number }>(
        `INSERT INTO alert_rules (name, lens, kind, metric, window_minutes, condition, operator, value, filters)
         VALUES ('worker', $1, 'metric', 'volume', 60, 'threshold', 'above', 2, '{"outlet": ["Worker Ledger"]}') RETURNING id`,
        [LENS],
      );
      worker = await startInProcessWorker(config);
      const event = await eventually(async () => {
        const [row] = await target.db.query<{ type: string; dispatchedAt: Date | null }>(
          `SELECT type, dispatched_at AS "dispatchedAt" FROM alert_events WHERE rule_id = $1`,
          [rule.id],
        );
        return row?.dispatchedAt ? row : null;
      }, 20_000);
      expect(event.type).toBe('alert.firing');
    } finally {
      await worker?.close();
      await target.drop();
    }
  });
});
