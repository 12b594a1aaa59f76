import type { Figure, Spread } from './stats.js';

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
    '# Ingestion benchmark',
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
  if (report.warnings.length > 0) lines.push('', '**Warnings:**', ...report.warnings.map((w) => `- ${w}`));
  return lines.join('\n') + '\n';
}
