import type { Figure, Spread } from './stats.js';

/** A figure as the reports print it: whole numbers from 100 up, else three significant digits. */
export const number = (value: number) =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(value >= 1 ? 3 : 2);

/** The min–max of a spread. */
export const range = (spread: Spread | Pick<Spread, 'min' | 'max'>) =>
  `${number(spread.min)}–${number(spread.max)}`;

/** The table every section prints its figures in: value, spread, same-run baseline, ratio. */
export function figureTable(figures: Figure[]): string[] {
  return [
    '| Figure | Median | Spread (min–max over runs) | Baseline, same runs (median) | Ratio to baseline (median, min–max) |',
    '| --- | ---: | ---: | --- | ---: |',
    ...figures.map(
      (f) =>
        `| ${f.label} | ${number(f.value.median)} ${f.unit} | ${range(f.value)} | ${number(f.baseline.value.median)} (${f.baseline.label}) | ${number(f.ratio.median)}× (${range(f.ratio)}) |`,
    ),
  ];
}
