import { LENS, MODEL, insertFeed, insertScored, minutesAfter } from '../support/alert-archive.js';
import { stancewatch } from '../support/run-cli.js';
import { testEnvironment } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed output is checked by the assertions
type Json = any;

describe('stancewatch alerts', () => {
  let target: TestDatabase;
  let env: Record<string, string>;
  const T0 = new Date('2025-06-02T12:30:00Z');
  const lines = (text: string): Json[] =>
    text
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));

  beforeAll(async () => {
    target = await createTestDatabase();
    env = testEnvironment(target.url, { NLI_MODEL: MODEL, DASHBOARD_URL: 'https://dash.example.org' });
  });

  afterAll(async () => {
    await target.drop();
  });

  it('adds a rule, evaluates it, and lists the event with its numbers and article links', async () => {
    const feed = await insertFeed(target.db, 'CLI Herald');
    const ids = await insertScored(
      target.db,
      feed,
      [0, 10, 20].map((m) => ({ publishedAt: minutesAfter(T0, -60 + m), label: 'critical' as const })),
    );
    const add = await stancewatch(
      [
        'alerts',
        'add',
        '--name',
        'cli critical',
        '--lens',
        LENS,
        '--outlet',
        'CLI Herald',
        '--metric',
        'share_critical',
        '--window',
        '6h',
        '--condition',
        'threshold',
        '--operator',
        'above',
        '--value',
        '0.5',
        '--repeat',
        '2h',
        '--json',
      ],
      env,
    );
    expect(add).toMatchObject({ code: 0, stderr: '' });
    const rule = JSON.parse(add.stdout);
    expect(rule).toMatchObject({
      name: 'cli critical',
      windowMinutes: 360,
      repeatIntervalMinutes: 120,
      filters: { outlet: ['CLI Herald'] },
    });

    const list = await stancewatch(['alerts', 'list', '--json'], env);
    expect(lines(list.stdout).map((r) => r.id)).toEqual([rule.id]);

    const evaluate = await stancewatch(['alerts', 'evaluate', '--at', T0.toISOString()], env);
    expect(evaluate.code).toBe(0);
    expect(evaluate.stdout).toMatch(
      new RegExp(
        `^fired +rule ${rule.id} +cli critical: share critical \\(russia-china, outlet CLI Herald\\) is 1\\.00`,
      ),
    );
    const again = await stancewatch(
      ['alerts', 'evaluate', '--at', minutesAfter(T0, 5).toISOString(), '--json'],
      env,
    );
    expect(JSON.parse(again.stdout)).toMatchObject({
      events: [],
      rules: [{ ruleId: rule.id, result: 'still-firing' }],
    });

    const events = await stancewatch(['alerts', 'events', '--rule', String(rule.id), '--json'], env);
    const [event] = lines(events.stdout);
    expect(lines(events.stdout)).toHaveLength(1);
    expect(event).toMatchObject({
      type: 'alert.firing',
      status: 'firing',
      value: 1,
      evidence: { n: 3, threshold: 0.5 },
    });
    expect(event.articles.map((a: Json) => a.id).sort()).toEqual([...ids].sort());
    expect(event.articles[0].url).toBe(`https://dash.example.org/api/v1/articles/${event.articles[0].id}`);
    expect(event.dispatchedAt).not.toBeNull();
  });

  it('refuses an incomplete rule with a usage error naming the flag', async () => {
    const result = await stancewatch(
      ['alerts', 'add', '--name', 'x', '--window', '6h', '--metric', 'volume', '--condition', 'baseline'],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--k: a baseline condition needs k/);
    expect(result.stderr).toMatch(/--baseline-days/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
