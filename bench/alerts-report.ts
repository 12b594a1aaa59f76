import type { AlertsCount, AlertsDetails } from './alerts-throughput.js';
import type { Spread } from './stats.js';
import { figureTable, number, range } from './figure-table.js';

export const ALERTS_HEADING = '## Alert rules';

const median = (spread: Spread) => `${number(spread.median)} (${range(spread)})`;
const ratio = (spread: Spread) => (spread.min === spread.max ? number(spread.median) : median(spread));

/**
 * The section's Markdown: what was evaluated on what, the figures in the report's format, the growth
 * table (per-rule cost at each count against the first), and what the rules did.
 */
export function alertLines(details: AlertsDetails): string[] {
  const a = details.archive;
  const first = details.counts[0];
  const last = details.counts.at(-1)!;
  const lines = [
    ALERTS_HEADING,
    '',
    `Synthetic archive (seed ${details.seed}): ${a.scored.toLocaleString('en-US')} scored articles (${a.articles.toLocaleString('en-US')} in all) ` +
      `from ${a.feeds} feeds of ${a.outlets} outlets, ${a.from.slice(0, 10)} to ${a.to.slice(0, 10)}, with their rollups rebuilt ` +
      `(${details.rollupHourlyRows.toLocaleString('en-US')} hourly rows; loading and rebuilding took ${details.loadSec.toFixed(1)} s). ` +
      `One evaluation is \`RuleEvaluator.evaluateAll\` at ${details.evaluatedAt} (between whole hours, so windows have ragged ends), ` +
      "the work of one `alerts-evaluate` job, called in-process with the webhooks' `EventDispatcher` as its sink and no endpoint subscribed; " +
      'every run starts with no alert state, so each evaluation fires, stores and hands over the same events. ' +
      `The ${first.rules} rules of 1× are a seeded mix (two in five thresholds, two in five baselines against the rule's own trailing windows, ` +
      'one in five new terms; windows of 1 h to 1 d, baselines of 3 to 14 days; over the whole lens or one outlet, country, language or kind); ' +
      `the larger sets repeat the 1× rules' kinds, metrics, windows, baselines and kinds of scope, with their own outlet (country, …) and threshold. ${details.runs} run${details.runs === 1 ? '' : 's'}, ` +
      `the counts in turn (smallest first, then largest first), after a warm-up evaluation. Baseline, same runs: ${details.baselineLabel}.`,
    '',
    ...figureTable(details.figures),
    '',
    `Growth with the number of rules: ms per rule is one evaluation ÷ its rules; × cost per rule is that over the same at ${first.rules} rules ` +
      'in the same run (median, min–max over runs): ≈ 1 is flat, ≈ the step (4×, 16×) would be cost growing with the number of rules.',
    '',
    '| Rules (step) | Threshold / baseline / new term | Evaluation, ms (median, min–max) | ms per rule | × cost per rule vs 1× | Baseline ms per rule | Baseline × cost per rule vs 1× | Fired (threshold / baseline / new term) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...details.counts.map((c) => growthRow(c, first)),
    '',
    `What the ${last.rules} rules did (every run alike): ${outcomes(last)}; ${last.events} events stored and handed to the dispatcher. ` +
      `Where the time goes (each rule of 1× evaluated alone, once, mean ms): threshold ${ms(details.perKindMs.threshold)}, ` +
      `baseline ${ms(details.perKindMs.baseline)}, new term ${ms(details.perKindMs.newTerm)}.`,
    '',
    `Time taken: ${Math.round(details.durationSec)} s.`,
  ];
  if (details.warnings.length > 0) lines.push('', '**Warnings:**', ...details.warnings.map((w) => `- ${w}`));
  return lines;
}

function growthRow(c: AlertsCount, first: AlertsCount): string {
  const k = c.kinds;
  const f = c.fired;
  return (
    `| ${c.rules} (${number(c.rules / first.rules)}×) | ${k.threshold} / ${k.baseline} / ${k.newTerm} | ${median(c.evaluationMs)} | ` +
    `${number(c.perRuleMs.median)} | ${ratio(c.costRatio)} | ${number(c.baselinePerRuleMs.median)} | ${ratio(c.baselineCostRatio)} | ` +
    `${f.threshold} / ${f.baseline} / ${f.newTerm} |`
  );
}

const ms = (value: number) => (Number.isFinite(value) ? number(value) : '—');

const outcomes = (c: AlertsCount) =>
  Object.entries(c.outcomes)
    .sort(([, a], [, b]) => b - a)
    .map(([result, n]) => `${n} ${result}`)
    .join(', ');
