import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { metricsRegistry } from '../../libs/metrics/src/index.js';
import { selectorsIn } from '../support/promql.js';

/**
 * The Grafana dashboard and the Prometheus rules in deploy/monitoring query only what stancewatch
 * exposes, under those names (a renamed metric would leave a panel empty and an alert silent).
 */
interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string; description?: string };
}

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string; refId: string; datasource: { uid: string } }[];
}

const rules = (
  parse(readFileSync('deploy/monitoring/prometheus-rules.yml', 'utf8')) as {
    groups: { name: string; rules: Rule[] }[];
  }
).groups.flatMap((group) => group.rules);
const dashboard = JSON.parse(readFileSync('deploy/monitoring/grafana-dashboard.json', 'utf8')) as {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: string }[] };
};
const queries = [
  ...rules.map((rule) => ({ where: `rule ${rule.alert}`, expr: rule.expr })),
  ...dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr })),
  ),
];

// Labels every series gets from its scrape target; `up` is Prometheus' own series for each target.
const TARGET_LABELS = ['job', 'instance'];
const PROMETHEUS_OWN = new Map([['up', TARGET_LABELS]]);

/** Every series name the registry exposes (histograms as _bucket, _sum and _count), with its labels. */
async function exposed(): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>(PROMETHEUS_OWN);
  const types = new Map((await metricsRegistry.getMetricsAsJSON()).map((m) => [m.name, String(m.type)]));
  for (const metric of metricsRegistry.getMetricsAsArray()) {
    const { name } = metric;
    const labels = [...((metric as unknown as { labelNames?: string[] }).labelNames ?? []), ...TARGET_LABELS];
    if (types.get(name) === 'histogram') {
      names.set(`${name}_bucket`, [...labels, 'le']);
      names.set(`${name}_sum`, labels);
      names.set(`${name}_count`, labels);
    } else if (types.get(name) === 'summary') {
      names.set(name, [...labels, 'quantile']);
      names.set(`${name}_sum`, labels);
      names.set(`${name}_count`, labels);
    } else names.set(name, labels);
  }
  return names;
}

describe('the monitoring files', () => {
  it('reads metric names and matchers out of PromQL, and nothing else', () => {
    expect(
      selectorsIn(
        'histogram_quantile(0.95, sum by (le, route) (rate(a_seconds_bucket{route=~"/api.*", method!="GET"}[$__rate_interval])))',
      ),
    ).toEqual([{ metric: 'a_seconds_bucket', labels: ['route', 'method'] }]);
    expect(
      selectorsIn('max(x_stale) / max(x_enabled) > 0.25 and on (job) up{job="a b"} == 0 offset 1h30m'),
    ).toEqual([
      { metric: 'x_stale', labels: [] },
      { metric: 'x_enabled', labels: [] },
      { metric: 'up', labels: ['job'] },
    ]);
    expect(selectorsIn('max by (queue) (delta(q{state="failed"}[1h:5m])) > 1e3')).toEqual([
      { metric: 'q', labels: ['state'] },
    ]);
  });

  it('queries only metrics the registry exposes, under those names and with their labels', async () => {
    const names = await exposed();
    expect(queries.length).toBeGreaterThan(20);
    const unknown: string[] = [];
    const used = new Set<string>();
    for (const { where, expr } of queries) {
      const selectors = selectorsIn(expr);
      if (selectors.length === 0) unknown.push(`${where}: no metric found in ${expr}`);
      for (const { metric, labels } of selectors) {
        used.add(metric);
        const known = names.get(metric);
        if (!known) unknown.push(`${where}: no metric ${metric}`);
        for (const label of labels)
          if (known && !known.includes(label)) unknown.push(`${where}: ${metric} has no label ${label}`);
      }
    }
    expect(unknown).toEqual([]);
    // The metrics the issue names are each on the dashboard or in a rule.
    for (const metric of [
      'stancewatch_feeds_stale',
      'stancewatch_feed_fetch_duration_seconds_bucket',
      'stancewatch_feed_fetch_bytes_bucket',
      'stancewatch_model_loaded',
      'stancewatch_build_info',
      'stancewatch_queue_oldest_waiting_seconds',
      'stancewatch_queue_jobs',
      'stancewatch_webhook_deliveries_total',
      'stancewatch_ready',
    ])
      expect({ metric, used: used.has(metric) }).toEqual({ metric, used: true });
  });

  it('has an alert for stale feeds, queue age, failing deliveries, the classify backlog and readiness', () => {
    const byName = new Map(rules.map((rule) => [rule.alert, rule]));
    expect(byName.size).toBe(rules.length);
    for (const name of [
      'StancewatchFeedsStale',
      'StancewatchQueueOldestWaiting',
      'StancewatchWebhookDeliveriesFailed',
      'StancewatchClassifyBacklog',
      'StancewatchNotReady',
    ])
      expect(byName.has(name)).toBe(true);
    for (const rule of rules) {
      expect({ alert: rule.alert, severity: rule.labels.severity }).toEqual({
        alert: rule.alert,
        severity: expect.stringMatching(/^(warning|critical)$/),
      });
      expect(rule.annotations.summary.length).toBeGreaterThan(0);
      if (rule.for !== undefined) expect(rule.for).toMatch(/^(\d+[smhd])+$/);
    }
  });

  it('is a dashboard Grafana can import: unique panel ids, every query on the chosen Prometheus', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({
        panel: panel.title,
        uid: '${datasource}',
      });
      for (const target of panel.targets ?? []) expect(target.datasource.uid).toBe('${datasource}');
    }
  });
});

/**
 * Prometheus' own checks, where its `promtool` is at hand (PROMTOOL names it, else PATH): the rules'
 * and the dashboard's PromQL syntax, the example configuration, and the rules' unit tests in
 * prometheus-rules.test.yml. CI has no promtool; Debian's `prometheus` package carries one.
 */
function findPromtool(): string | null {
  for (const candidate of [process.env.PROMTOOL, 'promtool'].filter((c): c is string => Boolean(c))) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not there
    }
  }
  return null;
}
const promtool = findPromtool();

if (!promtool) {
  test.skip('promtool checks of deploy/monitoring (skipped: no promtool; set PROMTOOL or put it on PATH)', () =>
    undefined);
} else {
  describe('promtool on deploy/monitoring', () => {
    const run = (...args: string[]) =>
      execFileSync(promtool, args, { cwd: 'deploy/monitoring', encoding: 'utf8', stdio: 'pipe' });

    it('checks the rules and the example configuration, and passes the rules unit tests', () => {
      expect(run('check', 'rules', 'prometheus-rules.yml')).toMatch(/SUCCESS: \d+ rules found/);
      expect(run('check', 'config', 'prometheus.yml')).toMatch(/is valid prometheus config file syntax/);
      expect(run('test', 'rules', 'prometheus-rules.test.yml')).toMatch(/SUCCESS/);
    });

    it("parses every dashboard query (as recording rules, Grafana's $__rate_interval as 5m)", () => {
      const rules = dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({
          record: `dashboard:panel_${panel.id}_${target.refId}`,
          expr: target.expr.replaceAll('$__rate_interval', '5m'),
        })),
      );
      const file = join(mkdtempSync(join(tmpdir(), 'stancewatch-dashboard-')), 'dashboard-rules.yml');
      writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
      expect(run('check', 'rules', file)).toContain(`SUCCESS: ${rules.length} rules found`);
    });
  });
}
