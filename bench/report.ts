import type { InferenceDetails } from './inference-throughput.js';
import type { QueueDetails } from './queue-throughput.js';
import type { Figure, Spread } from './stats.js';
import type { TrendDetails } from './trend-benchmark.js';
import { trendLines } from './trend-report.js';

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
  warnings: string[];
}

const number = (value: number) =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(value >= 1 ? 3 : 2);
const range = (spread: Spread) => `${number(spread.min)}–${number(spread.max)}`;

/** The Markdown report: what ran, on what, the table, and where the parse time goes. */
export function markdown(report: BenchReport): string {
  const m = report.machine;
  const rows = report.figures.map(
    (f) =>
      `| ${f.label} | ${number(f.value.median)} ${f.unit} | ${range(f.value)} | ${number(f.baseline.value.median)} (${f.baseline.label}) | ${number(f.ratio.median)}× (${range(f.ratio)}) |`,
  );
  const us = report.parseMicrosPerItem;
  const rest = us.wholePath - us.decode - us.prePass - us.rssParser;
  const lines = [
    '# Benchmark: ingestion, inference and trends',
    '',
    `\`${report.command}\` on ${report.startedAt.slice(0, 10)}, ${Math.round(report.durationSec)} s. ` +
      `Node ${m.node}, ${m.platform}, ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, PostgreSQL ${m.postgres}.`,
    '',
    `Workload (seeded, deterministic): ${Object.entries(report.workload)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
    '| Figure | Median | Spread (min–max over runs) | Baseline, same runs (median) | Ratio to baseline (median, min–max) |',
    '| --- | ---: | ---: | --- | ---: |',
    ...rows,
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
  if (report.trends) lines.push('', ...trendLines(report.trends));
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
    `Where a batched call goes (batch ${s.batchSize}, ${s.pairs} pairs, medians): tokenizing the pairs ${ms(s.tokenizeMs)} ms, ` +
      `the ONNX session ${ms(s.modelMs)} ms, tokenizing the texts for sentiment ${ms(s.sentimentTokenizeMs)} ms; the whole \`classify\` of the batch (NLI and sentiment) ${ms(s.classifyMs)} ms. ` +
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
