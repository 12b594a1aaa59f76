import { join } from 'node:path';
import type { Queue } from 'bullmq';
import {
  ALERT_METRICS,
  ruleDraftSchema,
  type AlertMetric,
  type RuleInput,
  AlertRuleRepository,
  createRuleEvaluator,
  type EvaluationReport,
  type RuleEvaluator,
  DeliveryQueue,
  EventDispatcher,
  WebhookDeliveryRepository,
  WebhookEndpointRepository,
} from '../libs/alerts/src/index.js';
import { projectRoot, type Database } from '../libs/db/src/index.js';
import { Prng } from '../libs/feedgen/src/index.js';
import { defaultLens, loadLenses } from '../libs/lens/src/index.js';
import type { WebhookDeliverJob } from '../libs/queue/src/index.js';
import { TrendRollupRepository } from '../libs/trends/src/index.js';
import {
  loadArticles,
  prepareArchive,
  SCORED_SHARE,
  type ArchiveSpec,
  type LoadedArchive,
} from './archive-load.js';
import type { BenchDatabase } from './bench-database.js';
import { figure, summarize, timed, type Figure, type Spread } from './stats.js';

export interface AlertsOptions {
  /** Emptied first. */
  target: BenchDatabase;
  /** Enabled rules at each step, smallest first: growth is reported against the first (1×). */
  ruleCounts: number[];
  runs: number;
  /** Scored articles in the archive (20,000 unless told); 1 / SCORED_SHARE times as many articles. */
  scoredArticles?: number;
  progress: (line: string) => void;
}

/**
 * Quick keeps to about 20 s on a 2-core machine: every rule reads its windows (a baseline rule up to
 * 337 of them), so the counts are small and the archive lighter; full is the 25 → 400 rules.
 */
export const ALERTS_PLANS: Record<'quick' | 'full', Omit<AlertsOptions, 'target' | 'progress'>> = {
  quick: { ruleCounts: [10, 40, 160], runs: 2, scoredArticles: 5_000 },
  full: { ruleCounts: [25, 100, 400], runs: 3, scoredArticles: 20_000 },
};

/** What one rule count measured, over the runs. */
export interface AlertsCount {
  rules: number;
  /** Rules of each kind among them. */
  kinds: { threshold: number; baseline: number; newTerm: number };
  /** One evaluateAll over every enabled rule (ms). */
  evaluationMs: Spread;
  perRuleMs: Spread;
  /** The baseline over the same rules in the same run (ms). */
  baselineMs: Spread;
  baselinePerRuleMs: Spread;
  /** Evaluation ÷ baseline, run by run. */
  ratio: Spread;
  /** Per-rule ms over the first count's, run by run: ≈ 1 when the cost of a rule is flat. */
  costRatio: Spread;
  baselineCostRatio: Spread;
  /** What the evaluation did with the rules (the same in every run: each starts from no alert state). */
  outcomes: Record<string, number>;
  /** Rules that fired, by kind. */
  fired: { threshold: number; baseline: number; newTerm: number };
  events: number;
}

/** Mean ms of one rule by kind, from one pass of RuleEvaluator.evaluateRule over the 1× set after the runs. */
export interface KindCost {
  threshold: number;
  baseline: number;
  newTerm: number;
}

export interface AlertsDetails {
  seed: number;
  lens: string;
  model: string;
  archive: { articles: number; scored: number; feeds: number; outlets: number; from: string; to: string };
  rollupHourlyRows: number;
  /** The instant every evaluation is made at (inside the archive, between whole hours). */
  evaluatedAt: string;
  runs: number;
  /** Seconds to load the archive and rebuild its rollups, and of the whole benchmark. */
  loadSec: number;
  durationSec: number;
  baselineLabel: string;
  counts: AlertsCount[];
  perKindMs: KindCost;
  figures: Figure[];
  warnings: string[];
}

const SEED = 20_251_129;
const MODEL = 'stancewatch-bench/synthetic-nli';
const ARCHIVE_START = new Date('2025-05-01T00:00:00Z');
const ARCHIVE_DAYS = 28;
// Ten hours before the archive ends and 37 minutes past the hour: windows have ragged ends on both sides.
const NOW = new Date('2025-05-28T13:37:00Z');
const DASHBOARD = 'https://stancewatch.example';
const BASELINE_LABEL =
  "the rules' data read bare, same rules: per metric rule one SELECT sum(n) of its lens's trend_hourly rows " +
  'over its whole span (window and baseline windows, whole hours, its filters); per new-term rule one SELECT of the relevant ' +
  "articles' texts in its window";

type RuleShape = 'threshold' | 'baseline' | 'new-term';
type Filters = { outlet: string[]; country: string[]; language: string[]; kind: string[] };
/** A rule as the API would accept it, with the kind it was drawn as (metric rules are two). */
type Drafted = { shape: RuleShape; draft: RuleInput };

/**
 * How long the alerts-evaluate job's work takes (RuleEvaluator.evaluateAll, in-process, with the
 * webhooks' EventDispatcher as its sink and no endpoints subscribed) at 1×, 4×, 16× enabled rules on a
 * seeded archive with rollups, against a bare read of the same rules' data in the same runs.
 */
export async function benchAlerts(opts: AlertsOptions): Promise<AlertsDetails> {
  const { target, progress } = opts;
  const started = performance.now();
  const counts = [...opts.ruleCounts];
  if (counts.some((n) => n % counts[0] !== 0))
    throw new Error(`alerts: rule counts ${counts.join(', ')} must be multiples of the first`);
  const lens = lensName();
  const spec: ArchiveSpec = { seed: SEED, lens, model: MODEL, start: ARCHIVE_START, days: ARCHIVE_DAYS };
  const scored = opts.scoredArticles ?? 20_000;
  progress(`alerts: loading ${scored.toLocaleString('en-US')} scored articles and their rollups`);
  const { archive, hourly } = await loadArchive(target.db, spec, scored);
  const loadSec = (performance.now() - started) / 1000;

  const rng = new Prng(SEED);
  const templates = ruleTemplates(counts[0], rng);
  const drafts = draftRules(
    Math.max(...counts),
    templates,
    lens,
    archive,
    await recentArticles(target.db),
    rng,
  );
  const evaluator = createRuleEvaluator(target.db, {
    defaultModel: MODEL,
    dashboardUrl: DASHBOARD,
    sink: webhookDispatcher(target.db),
  });
  const rules = new AlertRuleRepository(target.db);
  const samples = new Map<number, { evaluation: number; baseline: number }[]>(counts.map((n) => [n, []]));
  const reports = new Map<number, EvaluationReport>();
  const warnings: string[] = [];
  // A warm-up pass over the first set: code compiled, pages in shared buffers.
  await measureCount(target.db, rules, evaluator, drafts.slice(0, counts[0]), true);
  for (let run = 0; run < opts.runs; run += 1) {
    const order = run % 2 === 0 ? counts : [...counts].reverse();
    for (const [i, n] of order.entries()) {
      const measured = await measureCount(
        target.db,
        rules,
        evaluator,
        drafts.slice(0, n),
        (run + i) % 2 === 0,
      );
      samples.get(n)!.push(measured);
      reports.set(n, measured.report);
      warnings.push(...plausibility(n, measured.report));
      progress(
        `alerts run ${run + 1}/${opts.runs}, ${n} rules: evaluation ${Math.round(measured.evaluation)} ms, ` +
          `baseline ${Math.round(measured.baseline)} ms, ${measured.report.events.length} events`,
      );
    }
  }
  const perKindMs = await costByKind(target.db, rules, evaluator, drafts.slice(0, counts[0]));
  const first = samples
    .get(counts[0])!
    .map((s) => ({ evaluation: s.evaluation / counts[0], baseline: s.baseline / counts[0] }));
  return {
    seed: SEED,
    lens,
    model: MODEL,
    archive: {
      articles: archive.articles,
      scored: archive.scored,
      feeds: archive.feeds.length,
      outlets: new Set(archive.feeds.map((feed) => feed.outlet)).size,
      from: ARCHIVE_START.toISOString(),
      to: new Date(ARCHIVE_START.getTime() + ARCHIVE_DAYS * 86_400_000).toISOString(),
    },
    rollupHourlyRows: hourly,
    evaluatedAt: NOW.toISOString(),
    runs: opts.runs,
    loadSec,
    durationSec: (performance.now() - started) / 1000,
    baselineLabel: BASELINE_LABEL,
    perKindMs,
    counts: counts.map((n) => summarizeCount(n, drafts.slice(0, n), samples.get(n)!, first, reports.get(n)!)),
    figures: counts.map((n) =>
      figure(
        `alerts.evaluate.${n}`,
        `evaluate ${n} alert rules (the alerts-evaluate job's evaluateAll, in-process)`,
        'ms',
        samples.get(n)!.map((s) => s.evaluation),
        `bare reads of the same ${n} rules' data`,
        samples.get(n)!.map((s) => s.baseline),
      ),
    ),
    warnings: [...new Set(warnings)],
  };
}

function lensName(): string {
  const lenses = loadLenses(join(projectRoot(), 'config', 'lenses.json'));
  return defaultLens(lenses)?.name ?? lenses[0].name;
}

/** Empties the tables, loads the seeded archive and rebuilds the rollups as the worker keeps them. */
async function loadArchive(
  db: Database,
  spec: ArchiveSpec,
  scored: number,
): Promise<{ archive: LoadedArchive; hourly: number }> {
  await db.query(
    `TRUNCATE alert_events, alert_state, alert_rules, webhook_deliveries, webhook_endpoints, trend_hourly, trend_daily,
       volume_hourly, volume_daily, article_scores, feed_polls, feed_items, articles, stories, feeds RESTART IDENTITY CASCADE`,
  );
  const prepared = await prepareArchive(db, spec);
  const archive = await loadArticles(db, prepared, spec, 1, Math.round(scored / SCORED_SHARE));
  const rows = await new TrendRollupRepository(db).rebuild(null);
  await db.query(`VACUUM (ANALYZE) trend_hourly, trend_daily, volume_hourly, volume_daily`);
  return { archive, hourly: rows.hourly };
}

/** Relevant articles of the hour before NOW: the new terms that fire are their titles. */
async function recentArticles(db: Database): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM articles WHERE is_relevant AND published_at >= $1 AND published_at < $2 ORDER BY id`,
    [new Date(NOW.getTime() - 3_600_000), NOW],
  );
  if (rows.length === 0) throw new Error('alerts: no relevant article in the hour before the evaluation');
  return rows.map((row) => Number(row.id));
}

/** What a rule of the first (1×) set fixes for its copies in the larger sets: everything that sets its cost. */
interface RuleTemplate {
  shape: RuleShape;
  metric: AlertMetric;
  windowMinutes: number;
  baselineDays: number;
  k: number;
  operator: 'above' | 'below' | 'either';
  /** New-term rules: a recent article's title (fires), a phrase found every day, or one found nowhere. */
  term: 'fires' | 'everyday' | 'nowhere';
  /** What the rule is narrowed to (the value is the copy's own): it sets the query plan, so the cost. */
  scope: ScopeField | 'none';
}

type ScopeField = 'outlet' | 'country' | 'language' | 'kind';
// Each kind of rule takes these in turn: the whole lens three times in ten, one outlet three, one
// country two, one language or kind one each; any few rules in a row mix narrow and wide ones.
const SCOPES: (ScopeField | 'none')[] = [
  'none',
  'outlet',
  'country',
  'outlet',
  'none',
  'language',
  'outlet',
  'none',
  'country',
  'kind',
];
const TERMS: RuleTemplate['term'][] = ['fires', 'everyday', 'fires', 'nowhere'];

const SHAPES: RuleShape[] = ['threshold', 'threshold', 'baseline', 'baseline', 'new-term'];

/**
 * The first `templateCount` rules are a seeded mix: two in five thresholds, two in five baselines, one
 * in five new terms; windows of 1 h to 1 d and baselines of 3 to 14 days drawn; scopes (the whole lens
 * or one outlet, country, language or kind) and new terms in turn (SCOPES, TERMS). Every later rule
 * copies the kind, metric, window, baseline and kind of scope of rule (i mod templateCount) with its own
 * outlet (or country...) and threshold, so 4× and 16× hold the same mix as 1× and a change in the cost
 * of a rule is the count's.
 */
function ruleTemplates(templateCount: number, rng: Prng): RuleTemplate[] {
  const seen: Record<RuleShape, number> = { threshold: 0, baseline: 0, 'new-term': 0 };
  return Array.from({ length: templateCount }, (_, i) => {
    const shape = SHAPES[i % SHAPES.length];
    const nth = seen[shape]++;
    const windowMinutes = rng.pick(shape === 'threshold' ? [60, 180, 360, 1440] : [60, 360, 1440]);
    return {
      shape,
      metric: rng.pick(ALERT_METRICS),
      windowMinutes,
      baselineDays: rng.pick([3, 7, 14]),
      k: rng.pick([1, 1.5, 2, 3]),
      operator:
        shape === 'threshold'
          ? rng.pick(['above', 'below'] as const)
          : rng.pick(['either', 'either', 'above', 'below'] as const),
      term: TERMS[nth % TERMS.length],
      scope: SCOPES[nth % SCOPES.length],
    };
  });
}

/**
 * `count` valid rules (checked by the API's schema) from the templates. Thresholds are drawn around the
 * archive's typical values, so some rules fire and some do not.
 */
function draftRules(
  count: number,
  templates: RuleTemplate[],
  lens: string,
  archive: LoadedArchive,
  recent: number[],
  rng: Prng,
): Drafted[] {
  const schema = ruleDraftSchema([lens]);
  const feeds = archive.feeds;
  const filters = (field: RuleTemplate['scope']): Filters => {
    const scope: Filters = { outlet: [], country: [], language: [], kind: [] };
    if (field !== 'none') scope[field] = [rng.pick(feeds)[field]];
    return scope;
  };
  return Array.from({ length: count }, (_, i) => {
    const t = templates[i % templates.length];
    const base = { name: `bench rule ${i + 1} (${t.shape})`, lens, model: null, minArticles: 3 };
    const { windowMinutes, baselineDays } = t;
    if (t.shape === 'new-term') {
      const phrase = {
        fires: () => `article ${rng.pick(recent)}`,
        everyday: () => 'Synthetic article',
        nowhere: () => 'Power of Siberia 2',
      }[t.term]();
      // A firing phrase names one article: a filter could leave it out.
      const scope = filters(t.term === 'fires' ? 'none' : t.scope);
      const draft = schema.parse({
        ...base,
        filters: scope,
        kind: 'new-term',
        phrase,
        windowMinutes,
        baselineDays,
      });
      return { shape: t.shape, draft };
    }
    const scope = filters(t.scope);
    const condition =
      t.shape === 'threshold'
        ? {
            condition: 'threshold',
            operator: t.operator,
            value: thresholdFor(t.metric, windowMinutes, scope, archive, rng),
          }
        : { condition: 'baseline', operator: t.operator, k: t.k, baselineDays };
    const draft = schema.parse({
      ...base,
      filters: scope,
      kind: 'metric',
      metric: t.metric,
      windowMinutes,
      ...condition,
    });
    return { shape: t.shape, draft };
  });
}

/** A threshold near the metric's typical value for the scope, so that some rules fire and some do not. */
function thresholdFor(
  metric: AlertMetric,
  windowMinutes: number,
  scope: Filters,
  archive: LoadedArchive,
  rng: Prng,
): number {
  const around = (centre: number, spread: number) =>
    Math.round((centre + (2 * rng.next() - 1) * spread) * 1000) / 1000;
  switch (metric) {
    case 'volume': {
      // Feeds in scope get a share of the scored articles per hour (roughly: the archive's feeds are skewed).
      const inScope = archive.feeds.filter(
        (f) =>
          (scope.outlet.length === 0 || scope.outlet.includes(f.outlet)) &&
          (scope.country.length === 0 || scope.country.includes(f.country)) &&
          (scope.language.length === 0 || scope.language.includes(f.language)) &&
          (scope.kind.length === 0 || scope.kind.includes(f.kind)),
      ).length;
      const expected =
        (archive.scored / (ARCHIVE_DAYS * 24)) * (windowMinutes / 60) * (inScope / archive.feeds.length);
      return Math.max(1, Math.round(expected * (0.5 + rng.next())));
    }
    case 'mean_stance':
      return around(0, 0.3);
    case 'share_critical':
    case 'share_supportive':
      return around(0.33, 0.15);
    case 'mean_sentiment':
    case 'framing':
      return around(0, 0.15);
  }
}

/**
 * The sink the worker gives the evaluator: the webhooks' EventDispatcher, here with no endpoint
 * subscribed, so it reads the endpoints and queues nothing (the queue is never reached).
 */
function webhookDispatcher(db: Database): EventDispatcher {
  const unreachable = new Proxy({} as Queue<WebhookDeliverJob>, {
    get: () => {
      throw new Error('alerts bench: a delivery was queued, but no webhook endpoint should exist');
    },
  });
  return new EventDispatcher(
    new WebhookEndpointRepository(db),
    new WebhookDeliveryRepository(db),
    new DeliveryQueue(unreachable),
    DASHBOARD,
  );
}

/**
 * Puts exactly `drafts` in alert_rules (no state, no events, as before a first evaluation), then times one
 * evaluateAll at NOW and the baseline over the same rules, in the order asked.
 */
async function measureCount(
  db: Database,
  repository: AlertRuleRepository,
  evaluator: RuleEvaluator,
  drafts: Drafted[],
  baselineFirst: boolean,
): Promise<{ evaluation: number; baseline: number; report: EvaluationReport }> {
  await db.query(`TRUNCATE alert_events, alert_state, alert_rules RESTART IDENTITY CASCADE`);
  for (const { draft } of drafts) await repository.create(draft);
  const ruleDrafts = drafts.map(({ draft }) => draft);
  const bare = () => bareReads(db, ruleDrafts);
  const before = baselineFirst ? await timed(bare) : null;
  let report: EvaluationReport | null = null;
  const evaluation = await timed(async () => (report = await evaluator.evaluateAll(NOW)));
  const baseline = before ?? (await timed(bare));
  return { evaluation, baseline, report: report! };
}

/** Where an evaluation's time goes: each rule of `drafts` evaluated alone, as evaluateAll does in turn. */
async function costByKind(
  db: Database,
  repository: AlertRuleRepository,
  evaluator: RuleEvaluator,
  drafts: Drafted[],
): Promise<KindCost> {
  await db.query(`TRUNCATE alert_events, alert_state, alert_rules RESTART IDENTITY CASCADE`);
  const ms: Record<RuleShape, number[]> = { threshold: [], baseline: [], 'new-term': [] };
  for (const { shape, draft } of drafts) {
    const rule = await repository.create(draft);
    ms[shape].push(await timed(() => evaluator.evaluateRule(rule, NOW)));
  }
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  return { threshold: mean(ms.threshold), baseline: mean(ms.baseline), newTerm: mean(ms['new-term']) };
}

const FEED_FILTER = `(cardinality($3::text[]) = 0 OR f.outlet = ANY($3::text[]))
  AND (cardinality($4::text[]) = 0 OR f.country = ANY($4::text[]))
  AND (cardinality($5::text[]) = 0 OR f.language = ANY($5::text[]))
  AND (cardinality($6::text[]) = 0 OR f.kind = ANY($6::text[]))`;

/** The baseline: each rule's data read with one plain query, one rule after the other as the evaluator goes. */
async function bareReads(db: Database, drafts: RuleInput[]): Promise<void> {
  for (const rule of drafts) {
    const filters = [rule.filters.outlet, rule.filters.country, rule.filters.language, rule.filters.kind];
    if (rule.kind === 'new-term') {
      await db.query(
        `SELECT a.id, concat_ws(' ', a.title, a.summary) AS text FROM articles a JOIN feeds f ON f.id = a.feed_id
         WHERE a.is_relevant AND a.relevance ? $1 AND a.published_at >= $2 AND a.published_at < $7 AND ${FEED_FILTER}`,
        [rule.lens, new Date(NOW.getTime() - rule.windowMinutes * 60_000), ...filters, NOW],
      );
      continue;
    }
    const windows =
      rule.condition === 'baseline' ? Math.floor((rule.baselineDays! * 1440) / rule.windowMinutes) + 1 : 1;
    await db.query(
      `SELECT coalesce(sum(t.n), 0)::int AS n FROM trend_hourly t JOIN feeds f ON f.id = t.feed_id
       WHERE t.lens = $1 AND t.model = $7 AND t.bucket >= $2 AND t.bucket < $8 AND ${FEED_FILTER}`,
      [rule.lens, new Date(NOW.getTime() - windows * rule.windowMinutes * 60_000), ...filters, MODEL, NOW],
    );
  }
}

/** An evaluation that erred, skipped rules or fired nothing would time something else than the job's work. */
function plausibility(n: number, report: EvaluationReport): string[] {
  if (report.errors.length > 0)
    throw new Error(
      `alerts: the evaluation of ${n} rules had errors: ${report.errors.slice(0, 3).join('; ')}`,
    );
  if (report.rules.length !== n) throw new Error(`alerts: ${report.rules.length} of ${n} rules evaluated`);
  const warnings: string[] = [];
  if (report.events.length === 0) warnings.push(`alerts: no rule of ${n} fired`);
  if (report.events.length === n) warnings.push(`alerts: every rule of ${n} fired`);
  return warnings;
}

function summarizeCount(
  n: number,
  drafts: Drafted[],
  runs: { evaluation: number; baseline: number }[],
  first: { evaluation: number; baseline: number }[],
  report: EvaluationReport,
): AlertsCount {
  const shapeOf = new Map<number, RuleShape>(drafts.map((d, i) => [i + 1, d.shape]));
  const byShape = (ids: number[]) => ({
    threshold: ids.filter((id) => shapeOf.get(id) === 'threshold').length,
    baseline: ids.filter((id) => shapeOf.get(id) === 'baseline').length,
    newTerm: ids.filter((id) => shapeOf.get(id) === 'new-term').length,
  });
  const outcomes: Record<string, number> = {};
  for (const rule of report.rules) outcomes[rule.result] = (outcomes[rule.result] ?? 0) + 1;
  return {
    rules: n,
    kinds: byShape(drafts.map((_, i) => i + 1)),
    evaluationMs: summarize(runs.map((s) => s.evaluation)),
    perRuleMs: summarize(runs.map((s) => s.evaluation / n)),
    baselineMs: summarize(runs.map((s) => s.baseline)),
    baselinePerRuleMs: summarize(runs.map((s) => s.baseline / n)),
    ratio: summarize(runs.map((s) => s.evaluation / s.baseline)),
    costRatio: summarize(runs.map((s, run) => s.evaluation / n / first[run].evaluation)),
    baselineCostRatio: summarize(runs.map((s, run) => s.baseline / n / first[run].baseline)),
    outcomes,
    fired: byShape(report.rules.filter((r) => r.result === 'fired').map((r) => r.ruleId)),
    events: report.events.length,
  };
}
