import type { AlertRule } from './alert-rule.js';

/** What an evaluation found for one alert: enough to write the event a person and a system read. */
export interface Finding {
  rule: AlertRule;
  fingerprint: string;
  status: 'firing' | 'resolved';
  value: number | null;
  evidence: Record<string, unknown>;
  window: { start: Date; end: Date };
  articleIds: number[];
}

const METRIC_NAMES: Record<string, string> = {
  mean_stance: 'mean stance',
  share_critical: 'share critical',
  share_supportive: 'share supportive',
  volume: 'volume',
  mean_sentiment: 'mean sentiment',
  framing: 'framing (cooperation − conflict)',
};

const num = (value: unknown, digits = 2): string =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : 'n/a';

function span(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

function scope(rule: AlertRule): string {
  const parts = [rule.lens];
  for (const [field, values] of Object.entries(rule.filters))
    if (values.length) parts.push(`${field} ${values.join('/')}`);
  return parts.join(', ');
}

function formatValue(rule: AlertRule, value: unknown): string {
  return rule.metric === 'volume' ? `${num(value, 0)} articles` : num(value);
}

/** One sentence: what changed, by how much, against what. */
export function alertSummary(finding: Finding): string {
  const { rule, evidence, status } = finding;
  const last = `over the last ${span(rule.windowMinutes)}`;
  if (rule.kind === 'new-term') {
    const count = finding.articleIds.length;
    return status === 'firing'
      ? `${rule.name}: new term "${rule.phrase}" appeared in ${count} relevant article${count === 1 ? '' : 's'} (${scope(rule)}) ${last}, absent in the ${rule.baselineDays} d before.`
      : `${rule.name}: resolved, "${rule.phrase}" is no longer new (${scope(rule)}).`;
  }
  const metric = `${METRIC_NAMES[rule.metric!]} (${scope(rule)})`;
  const value = formatValue(rule, finding.value);
  const articles = `${num(evidence.n, 0)} articles`;
  if (rule.condition === 'threshold') {
    const threshold = `${rule.operator} ${formatValue(rule, rule.value)}`;
    return status === 'firing'
      ? `${rule.name}: ${metric} is ${value} ${last}, ${threshold} (by ${num(Math.abs((finding.value ?? 0) - rule.value!))}; ${articles}).`
      : `${rule.name}: resolved, ${metric} is ${finding.value === null ? 'without a value (too few articles)' : value} ${last}, no longer ${threshold}.`;
  }
  const baseline = `its ${rule.baselineDays} d baseline of ${formatValue(rule, evidence.baselineMean)} (SD ${num(evidence.baselineSd)})`;
  if (status === 'resolved')
    return `${rule.name}: resolved, ${metric} is ${finding.value === null ? 'without a value (too few articles)' : value} ${last}, within ${rule.k} SD of ${baseline}.`;
  const z = typeof evidence.z === 'number' ? evidence.z : null;
  const direction = (finding.value ?? 0) >= ((evidence.baselineMean as number) ?? 0) ? 'above' : 'below';
  return `${rule.name}: ${metric} is ${value} ${last}, ${z === null ? 'away from a flat' : `${num(Math.abs(z), 1)} SD ${direction}`} ${baseline}; ${articles}.`;
}

/** The event's `data`: the rule, the numbers, the window, and links to the articles and the dashboard. */
export function alertData(finding: Finding, dashboardUrl: string): Record<string, unknown> {
  const { rule } = finding;
  const base = dashboardUrl.replace(/\/+$/, '');
  // The dashboard keeps its state in the query string: the articles view of the window, hour buckets.
  const start = finding.window.start.toISOString();
  const end = finding.window.end.toISOString();
  const query = new URLSearchParams({
    view: 'articles',
    from: start,
    to: end,
    interval: 'hour',
    at: start,
    until: end,
  });
  for (const [field, values] of Object.entries(rule.filters))
    for (const value of values) query.append(field, value);
  return {
    rule: {
      id: rule.id,
      name: rule.name,
      kind: rule.kind,
      lens: rule.lens,
      filters: rule.filters,
      metric: rule.metric,
      condition: rule.condition,
      phrase: rule.phrase,
      windowMinutes: rule.windowMinutes,
    },
    fingerprint: finding.fingerprint,
    status: finding.status,
    metric: rule.kind === 'new-term' ? 'new_term' : rule.metric,
    value: finding.value,
    evidence: finding.evidence,
    window: { start: finding.window.start.toISOString(), end: finding.window.end.toISOString() },
    articles: finding.articleIds.map((id) => ({
      id,
      path: `/api/v1/articles/${id}`,
      url: `${base}/api/v1/articles/${id}`,
      // The article view, for a person: the API links above stay for programs.
      dashboardUrl: `${base}/?view=article&id=${id}`,
    })),
    dashboardUrl: `${base}/?${query.toString()}`,
  };
}
