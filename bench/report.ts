import { alertLines } from './alerts-report.js';
import type { AlertsDetails } from './alerts-throughput.js';
import { growthLines, type Growth } from './growth.js';
import {
  sizeLabel,
  WELL_FORMED_ID,
  type HostileParseSection,
  type HostileShapeResult,
} from './hostile-parse.js';
import { HOSTILE_MAX_EXPONENT, hostileLines } from './hostile-report.js';
import type { InferenceDetails } from './inference-throughput.js';
import { pollingLines, type PollingSection } from './polling-report.js';
import type { QueueDetails } from './queue-throughput.js';
import type { Figure, Spread } from './stats.js';
import type { TrendDetails } from './trend-benchmark.js';
import { trendLines } from './trend-report.js';
import { figureTable, number, range } from './figure-table.js';

export interface Machine {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  postgres: string;
}

export interface BenchReport {
  command: string;
  startedAt: string;
  durationSec: number;
  machine: Machine;
  workload: Record<string, number | string>;
  figures: Figure[];
  parseMicrosPerItem: Record<string, number>;
  inference?: InferenceDetails;
  queue?: QueueDetails;
  trends?: TrendDetails;
  polling?: PollingSection;
  alerts?: AlertsDetails;
  hostile?: HostileParseSection;
  growth?: Growth[];
  /** Seconds each section took. */
  sectionSec?: Record<string, number>;
  warnings: string[];
}

/** The Markdown report: what ran, on what, the table, and where the parse time goes. */
export function markdown(report: BenchReport): string {
  const m = report.machine;
  const us = report.parseMicrosPerItem;
  const rest = us.wholePath - us.decode - us.prePass - us.rssParser;
  const lines = [
    '# Benchmark: ingestion, inference, polling, trends and alerts',
    '',
    ...summaryLines(report),
    '',
    `\`${report.command}\` on ${report.startedAt.slice(0, 10)}, ${Math.round(report.durationSec)} s. ` +
      `Node ${m.node}, ${m.platform}, ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, PostgreSQL ${m.postgres}.`,
    '',
    `Workload (seeded, deterministic): ${Object.entries(report.workload)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
    ...figureTable(report.figures),
    '',
    `Parse time per item (medians): decode ${us.decode.toFixed(1)} µs, pre-pass ${us.prePass.toFixed(1)} µs, ` +
      `rss-parser ${us.rssParser.toFixed(1)} µs, whole path ${us.wholePath.toFixed(1)} µs, so normalising and the rest take ` +
      `≈ ${rest.toFixed(1)} µs; a plain fast-xml-parser pass takes ${us.fastXmlParser.toFixed(1)} µs.`,
    '',
    'Each ratio is figure ÷ baseline taken run by run (both measured in the same run), so it holds better than the ' +
      'absolute numbers on a noisy or shared machine.',
  ];
  if (report.inference) lines.push('', ...inferenceLines(report.inference));
  if (report.queue) lines.push('', ...queueLines(report.queue));
  if (report.polling) lines.push('', ...pollingLines(report.polling));
  if (report.trends) lines.push('', ...trendLines(report.trends));
  if (report.alerts) lines.push('', ...alertLines(report.alerts));
  if (report.hostile) lines.push('', ...hostileLines(report.hostile));
  if (report.growth) lines.push('', ...growthLines(report.growth));
  if (report.sectionSec) {
    const sections = Object.entries(report.sectionSec).map(([name, sec]) => `${name} ${Math.round(sec)} s`);
    lines.push('', `Time per section: ${sections.join(', ')}.`);
  }
  if (report.warnings.length > 0) lines.push('', '**Warnings:**', ...report.warnings.map((w) => `- ${w}`));
  return lines.join('\n') + '\n';
}

const ms = (value: number) => (value >= 10 ? Math.round(value).toString() : value.toFixed(1));
const median = (spread: Spread) => `${number(spread.median)} (${range(spread)})`;

/** Texts per second by batch size and thread count, with the event-loop delay of the batched runs. */
function inferenceLines(inference: InferenceDetails): string[] {
  const rows = inference.byThreads.flatMap(({ threads, stockTextsPerSecond, batched }) => [
    `| stock zero-shot pipeline | ${threads} | ${median(stockTextsPerSecond)} | 1× | — |`,
    ...batched.map((b) => {
      const ratio = b.textsPerSecond.median / stockTextsPerSecond.median;
      return `| batched, batch ${b.batchSize} | ${threads} | ${median(b.textsPerSecond)} | ${number(ratio)}× | ${ms(b.loopDelayP99Ms.median)} / ${ms(b.loopDelayMaxMs.max)} |`;
    }),
  ]);
  const s = inference.split;
  return [
    `## Inference with the built-in model (${inference.texts} texts, ${inference.runs} runs)`,
    '',
    '| Path | ORT threads | Texts/s, median (min–max) | × stock (medians) | Event-loop delay, p99 median / worst max (ms) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Where a batched call goes (batch ${s.batchSize}, ${s.pairs} pairs, medians): the NLI inputs ${ms(s.tokenizeMs)} ms (each text tokenized once ${ms(s.textIdsMs)} ms, the pairs built from ids ${ms(s.pairInputsMs)} ms), ` +
      `the ONNX session ${ms(s.modelMs)} ms, the sentiment inputs ${ms(s.sentimentTokenizeMs)} ms; the whole \`classify\` of the batch (NLI and sentiment) ${ms(s.classifyMs)} ms. ` +
      'Tokenizing is synchronous JavaScript on the event loop; the worst event-loop delay above is the longest a BullMQ lock ' +
      'renewal could wait (it renews every half lock duration, 60 s by default).',
  ];
}

function queueLines(queue: QueueDetails): string[] {
  const wall = queue.wallMs.median;
  const inJobs = queue.inJobsMs.median;
  const raw = queue.rawMs.median;
  const m = queue.memory;
  return [
    `## Through the queue (${queue.articles} articles per run, ${queue.runs} runs, batch ${queue.batchSize}, 1 worker process)`,
    '',
    `Where the time goes (medians per run): enqueue to last score ${ms(wall)} ms; inside the worker's jobs ${ms(inJobs)} ms, ` +
      `so ≈ ${ms(Math.max(0, wall - inJobs))} ms is BullMQ handing jobs over; the same texts scored in-process take ${ms(raw)} ms, ` +
      `so ≈ ${ms(Math.max(0, inJobs - raw))} ms of the jobs is reading the texts and storing the scores in Postgres.`,
    '',
    `Worker memory (VmRSS): ${Math.round(m.afterWarmUpMiB)} MiB after warm-up with the models loaded, ` +
      `${Math.round(m.afterRunsMiB.median)} MiB after a run (${range(m.afterRunsMiB)} over the runs), peak (VmHWM) ${Math.round(m.peakMiB)} MiB.`,
  ];
}

/**
 * The issue's targets against this run, with the few headline figures: the table the README
 * includes (between its bench-summary markers) and the report opens with.
 */
export function summaryLines(report: BenchReport): string[] {
  const rows: string[] = [];
  const verdict = (met: boolean) => (met ? 'met' : '**missed**');
  const queue = report.figures.find((f) => f.id.startsWith('queue.'));
  if (queue) {
    const ratio = queue.ratio.median;
    rows.push(
      `| Queue and database cost at most 10% of raw model throughput (ratio ≥ 0.9), batch ${report.queue?.batchSize ?? 32} | ` +
        `${number(queue.value.median)} articles/s through the queue, ${number(queue.baseline.value.median)} in-process: ${ratio.toFixed(2)}× | ${verdict(ratio >= 0.9)} |`,
    );
  }
  const batched = report.figures.find((f) => f.id === 'inference.t1.b32');
  if (batched) {
    const ratio = batched.ratio.median;
    rows.push(
      `| Batched zero-shot at least 3× the stock pipeline (built-in model, batch 32, 1 thread) | ` +
        `${number(batched.value.median)} vs ${number(batched.baseline.value.median)} texts/s: ${ratio.toFixed(2)}× | ${verdict(ratio >= 3)} |`,
    );
  }
  const largest = report.trends?.sizes.at(-1);
  if (largest) {
    const scores = Math.round(largest.classified).toLocaleString('en-US');
    rows.push(
      `| Daily one-year trend by outlet, p95 under 50 ms (${scores} scored articles), computed afresh, in the columns the dashboard asks for | ` +
        `p50 / p95 ${ms(largest.api.outletColumns.p50)} / ${ms(largest.api.outletColumns.p95)} ms (points: ${ms(largest.api.outlet.p50)} / ${ms(largest.api.outlet.p95)} ms) | ${verdict(largest.api.outletColumns.p95 < 50)} |`,
      `| The same request while the data is unchanged (cache under the data version, never stale) | ` +
        `p50 / p95 ${ms(largest.api.outletCached.p50)} / ${ms(largest.api.outletCached.p95)} ms | ${verdict(largest.api.outletCached.p95 < 50)} |`,
      `| At least 20× faster than the raw query (p95) | raw ${ms(largest.raw.p95)} ms: ${largest.speedupColumns.p95.toFixed(1)}× computed in columns ` +
        `(${largest.speedup.p95.toFixed(1)}× in points), ${largest.speedupCached.p95.toFixed(0)}× unchanged | ${verdict(largest.speedupColumns.p95 >= 20)} computed, ${verdict(largest.speedupCached.p95 >= 20)} unchanged |`,
    );
  }
  const latency = report.polling?.latency;
  if (latency) {
    const met = latency.visible === latency.items && latency.latencySec.p95 < latency.targetSec;
    rows.push(
      `| Item in feed → visible in the API, p95 under the poll interval + 10 s (${latency.intervalSec} s interval) | ` +
        `p50 / p95 ${latency.latencySec.median.toFixed(1)} / ${latency.latencySec.p95.toFixed(1)} s, ${latency.visible} of ${latency.items} items | ${verdict(met)} |`,
    );
  }
  if (report.hostile) rows.push(hostileSummaryRow(report.hostile, verdict));
  const parse = report.figures.find((f) => f.id === 'parse.wholePath');
  const context = parse
    ? [
        '',
        `Parsing runs at ${number(parse.value.median)} items/s (${parse.ratio.median.toFixed(2)}× a bare fast-xml-parser pass). ` +
          `\`${report.command}\` on ${report.startedAt.slice(0, 10)}, ${Math.round(report.durationSec)} s; ` +
          `${report.machine.cpus} × ${report.machine.cpuModel}. Full report: bench/results/latest.md.`,
      ]
    : [];
  return ['| Target | This run | Verdict |', '| --- | --- | --- |', ...rows, ...context];
}

/** Whether every hostile shape parses (or is refused) in time at most linear in its size. */
function hostileSummaryRow(hostile: HostileParseSection, verdict: (met: boolean) => string): string {
  const shapes = hostile.shapes.filter((s) => s.id !== WELL_FORMED_ID);
  const worst = shapes.reduce((a, b) => (b.exponent > a.exponent || Number.isNaN(b.exponent) ? b : a));
  const largest = (shape: HostileShapeResult | undefined) => shape?.steps.at(-1);
  const slowest = shapes.reduce((a, b) =>
    (largest(b)?.ms.median ?? 0) > (largest(a)?.ms.median ?? 0) ? b : a,
  );
  const wellFormed = largest(hostile.shapes.find((s) => s.id === WELL_FORMED_ID));
  const size = sizeLabel(hostile.baseBytes * 16);
  const met = shapes.every((s) => s.exponent <= HOSTILE_MAX_EXPONENT);
  return (
    `| Hostile feeds parse in time linear in their size (${shapes.length} shapes, exponent b ≤ ${HOSTILE_MAX_EXPONENT} from 1× to 16×) | ` +
    `worst b ${worst.exponent.toFixed(2)} (${worst.label}); at ${size} the slowest ${ms(largest(slowest)?.ms.median ?? Number.NaN)} ms ` +
    `(${slowest.label}), a well-formed feed ${ms(wellFormed?.ms.median ?? Number.NaN)} ms | ${verdict(met)} |`
  );
}
