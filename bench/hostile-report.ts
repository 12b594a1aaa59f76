import { number, range } from './figure-table.js';
import { GROWTH_FACTORS } from './growth.js';
import {
  MIN_SAMPLE_MS,
  sizeLabel,
  WELL_FORMED_ID,
  type HostileOutcome,
  type HostileParseSection,
  type HostileShapeResult,
} from './hostile-parse.js';

/**
 * Past this exponent a shape's parse grows worse than linearly: a defect (issue 15). Above 1.25, the
 * growth table's band, on purpose: three sizes on a shared 2-core machine spread by ±0.1 or so.
 */
export const HOSTILE_MAX_EXPONENT = 1.3;

export function exponentVerdict(exponent: number): string {
  if (Number.isNaN(exponent)) return 'not fitted';
  if (exponent > HOSTILE_MAX_EXPONENT) return '**worse than linear**';
  if (exponent < 0.25) return 'flat';
  return exponent < 0.75 ? 'sublinear' : 'linear';
}

const MiB = 1 << 20;

function outcomeText(outcome: HostileOutcome): string {
  if ('items' in outcome) return `${outcome.items} items`;
  if ('refused' in outcome) return `refused: ${outcome.refused.replace(/^refused: /, '')}`;
  return `**crashed** (not a FeedParseError): ${outcome.crashed}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');
const exponentText = (shape: HostileShapeResult) =>
  `${Number.isNaN(shape.exponent) ? '—' : shape.exponent.toFixed(2)}: ${exponentVerdict(shape.exponent)}`;

/** The hostile-parse section: an overview of every shape, then a table per shape. */
export function hostileLines(section: HostileParseSection): string[] {
  const sizes = GROWTH_FACTORS.map((factor) => sizeLabel(section.baseBytes * factor));
  const overview = section.shapes.map((shape) => {
    const times = GROWTH_FACTORS.map((factor) => {
      const step = shape.steps.find((s) => s.factor === factor);
      return step ? `${number(step.ms.median)} ms` : '—';
    });
    const last = shape.steps.at(-1);
    return `| ${shape.label} | ${times.join(' | ')} | ${exponentText(shape)} | ${last ? cell(outcomeText(last.outcome)) : '—'} |`;
  });
  const worst = section.shapes.filter((s) => s.exponent > HOSTILE_MAX_EXPONENT);
  return [
    `## Hostile feeds: parse time at ${sizes.join(', ')}`,
    '',
    'Each document shape that once made the parser quadratic or amplifying (libs/feedgen hostile-feeds.ts; two ordinary ' +
      'items beside the hostile part), and an ordinary generated feed of the same size, parsed by `parseFeedBytes` (what ' +
      `the parse pool's threads run; timed in one thread, without the pool), median of ${section.runs} runs after a ` +
      `warm-up (a run of a parse shorter than ${MIN_SAMPLE_MS} ms is the mean of several). A refused document ` +
      '(a FeedParseError: a cap, or not XML) is timed to its refusal. The exponent b fits ' +
      `ms ∝ size^b by least squares over the three sizes: about 1 is linear; above ${HOSTILE_MAX_EXPONENT} is a defect.`,
    '',
    `| Shape | ${sizes.join(' | ')} | Exponent b | Outcome at ${sizes.at(-1)} |`,
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...overview,
    '',
    worst.length === 0
      ? `Every shape grows at most linearly (b ≤ ${HOSTILE_MAX_EXPONENT}).`
      : `**Worse than linear:** ${worst.map((s) => `${s.label} (b = ${s.exponent.toFixed(2)})`).join('; ')}.`,
    ...section.shapes.flatMap((shape) => shapeLines(shape, section)),
  ];
}

function shapeLines(shape: HostileShapeResult, section: HostileParseSection): string[] {
  const baseline = shape.id === WELL_FORMED_ID;
  const rows = shape.steps.map((step) => {
    const ratio = baseline ? '1×' : `${number(step.ratio.median)}× (${range(step.ratio)})`;
    return (
      `| ${step.factor}× ${sizeLabel(section.baseBytes * step.factor)} (${step.bytes.toLocaleString('en-US')} B) | ` +
      `${number(step.ms.median)} (${range(step.ms)}) | ${number(step.ms.median / (step.bytes / MiB))} | ${ratio} | ${cell(outcomeText(step.outcome))} |`
    );
  });
  return [
    '',
    `### ${shape.label}: b = ${exponentText(shape)}`,
    '',
    '| Size | Median ms (min–max) | ms per MiB | × well-formed, same size and runs (median, min–max) | Outcome |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
    ...(shape.skipped ? ['', shape.skipped] : []),
  ];
}
