import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { projectRoot } from '../libs/db/src/index.js';
import type { Growth } from './growth.js';
import { markdown, summaryLines, type BenchReport } from './report.js';

const README_BEGIN = '<!-- bench-summary:begin -->';
const README_END = '<!-- bench-summary:end -->';

const resultsDir = () => join(projectRoot(), 'bench', 'results');

/**
 * Writes a report everywhere it is read: bench/results/latest.json (the data), latest.md (rendered
 * from it) and the README's summary table. Returns the Markdown.
 */
export async function writeResults(report: BenchReport, progress: (line: string) => void): Promise<string> {
  mkdirSync(resultsDir(), { recursive: true });
  const text = markdown(report);
  writeFileSync(join(resultsDir(), 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(resultsDir(), 'latest.md'), text);
  await includeInReadme(summaryLines(report).join('\n'), progress);
  return text;
}

/** The last full report, for a runner that measures one section again and writes it back. */
export function readResults(): BenchReport {
  const path = join(resultsDir(), 'latest.json');
  if (!existsSync(path)) throw new Error(`no ${path} to update: run npm run bench first`);
  return JSON.parse(readFileSync(path, 'utf8')) as BenchReport;
}

/** `growth` with the measurements of `fresh` replaced where they were, and added where they were not. */
export function withGrowth(growth: Growth[] = [], fresh: Growth[]): Growth[] {
  const byId = new Map(fresh.map((g) => [g.id, g]));
  const kept = growth.map((g) => byId.get(g.id) ?? g);
  return [...kept, ...fresh.filter((g) => !growth.some((old) => old.id === g.id))];
}

/**
 * Replaces the README's summary table (between its markers) with this run's, formatted as the
 * project's Prettier settings want it, so `npm run lint` stays green after a run.
 */
async function includeInReadme(summary: string, progress: (line: string) => void): Promise<void> {
  const path = join(projectRoot(), 'README.md');
  const readme = readFileSync(path, 'utf8');
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) {
    progress(`README.md has no ${README_BEGIN} … ${README_END} markers: its summary is not updated`);
    return;
  }
  const updated = `${readme.slice(0, begin + README_BEGIN.length)}\n${summary}\n${readme.slice(end)}`;
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(updated, { ...options, filepath: path }));
}
