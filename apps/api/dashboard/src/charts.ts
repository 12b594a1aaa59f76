/** The charts, drawn by uPlot on canvas; colours from the Okabe–Ito palette, read by colour-blind people. */
import uPlot from 'uplot';
import { percent, signed } from './format.js';
import type { TrendPoint } from './api-types.js';

export const PALETTE = {
  supportive: '#0072B2',
  neutral: '#999999',
  critical: '#D55E00',
  anomaly: '#E69F00',
  annotation: '#CC79A7',
  framing: '#009E73',
  volume: '#56B4E9',
  ink: '#222222',
};

export interface Chart {
  destroy(): void;
}

/** A dated note drawn on every chart: a line at `at`, or a band to `until` (epoch seconds). */
export interface ChartAnnotation {
  at: number;
  until: number | null;
  title: string;
}

export interface ChartOptions {
  tz: string;
  height?: number;
  annotations?: ChartAnnotation[];
  /** Called with the index of the bucket under the pointer when the plot is clicked. */
  onPick?: (index: number) => void;
}

/** Draws the annotations over the plot: a dashed line per instant, a shaded band per period, titled at the top. */
function annotationPlugin(annotations: ChartAnnotation[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const { ctx } = u;
          const { top, height, left, width } = u.bbox;
          const x = (value: number) => u.valToPos(value, 'x', true);
          ctx.save();
          ctx.beginPath();
          ctx.rect(left, top, width, height);
          ctx.clip();
          ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
          for (const note of annotations) {
            const from = x(note.at);
            if (note.until !== null) {
              ctx.fillStyle = 'rgba(204, 121, 167, 0.15)';
              ctx.fillRect(from, top, Math.max(1, x(note.until) - from), height);
            }
            ctx.strokeStyle = PALETTE.annotation;
            ctx.lineWidth = devicePixelRatio;
            ctx.setLineDash([3 * devicePixelRatio, 3 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(from, top);
            ctx.lineTo(from, top + height);
            ctx.stroke();
            ctx.fillStyle = PALETTE.ink;
            ctx.fillText(note.title, from + 3 * devicePixelRatio, top + 12 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}

const seconds = (points: TrendPoint[]) => points.map((point) => Date.parse(point.bucket) / 1000);
const widthOf = (container: HTMLElement) => Math.max(280, Math.floor(container.clientWidth));

/** Draws into the container and keeps the chart as wide as it is. */
function mount(
  container: HTMLElement,
  options: Omit<uPlot.Options, 'width' | 'height'>,
  data: uPlot.AlignedData,
  chart: ChartOptions,
): Chart {
  const height = chart.height ?? 240;
  const tzDate = (ts: number) => uPlot.tzDate(new Date(ts * 1000), chart.tz);
  // Half a bucket of room at each end, so the first and last bars are drawn whole.
  const xs = data[0] as number[];
  const pad = xs.length > 1 ? (xs[1] - xs[0]) / 2 : 43_200;
  const scales = {
    ...options.scales,
    x: {
      time: true,
      range: (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => [min - pad, max + pad],
    },
  };
  const annotations = chart.annotations ?? [];
  const plugins = annotations.length > 0 ? [annotationPlugin(annotations)] : [];
  const plot = new uPlot(
    { ...options, scales, tzDate, plugins, width: widthOf(container), height },
    data,
    container,
  );
  container.setAttribute('data-points', String(data[0].length));
  container.setAttribute('data-annotations', String(annotations.length));
  let width = widthOf(container);
  const observer = new ResizeObserver(() => {
    const next = widthOf(container);
    if (next === width) return;
    width = next;
    plot.setSize({ width, height });
  });
  observer.observe(container);
  if (chart.onPick) {
    const pick = chart.onPick;
    plot.over.addEventListener('click', () => {
      const index = plot.cursor.idx;
      if (index !== null && index !== undefined) pick(index);
    });
    plot.over.classList.add('pickable');
  }
  return {
    destroy() {
      observer.disconnect();
      plot.destroy();
    },
  };
}

const axisFont = '12px system-ui, sans-serif';
const yAxis = (label: string, scale = 'y', side: 1 | 3 = 3): uPlot.Axis => ({
  scale,
  side,
  label,
  font: axisFont,
  labelFont: axisFont,
  size: 50,
});
const xAxis: uPlot.Axis = { font: axisFont };

const anomalySeries = (label: string): uPlot.Series => ({
  label,
  stroke: PALETTE.ink,
  paths: () => null,
  points: { show: true, size: 12, width: 2, stroke: PALETTE.ink, fill: PALETTE.anomaly },
  value: (_u, value) => (value === null ? '–' : 'flagged'),
});

/** The stance index with its 95% band, anomalies marked. */
export function stanceChart(container: HTMLElement, points: TrendPoint[], chart: ChartOptions): Chart {
  const data: uPlot.AlignedData = [
    seconds(points),
    points.map((p) => p.stance.mean),
    points.map((p) => p.stance.ci95?.[0] ?? null),
    points.map((p) => p.stance.ci95?.[1] ?? null),
    points.map((p) => (p.anomaly.stance.flagged ? p.stance.mean : null)),
  ];
  const bound = {
    stroke: PALETTE.supportive,
    width: 1,
    dash: [4, 4],
    value: (_u: uPlot, v: number | null) => signed(v),
  };
  return mount(
    container,
    {
      scales: { y: { range: [-1, 1] } },
      series: [
        {},
        { label: 'Stance index', stroke: PALETTE.ink, width: 2, value: (_u, v) => signed(v) },
        { label: '95% low', ...bound },
        { label: '95% high', ...bound },
        anomalySeries('Anomaly'),
      ],
      bands: [{ series: [3, 2], fill: 'rgba(0, 114, 178, 0.18)' }],
      axes: [xAxis, yAxis('critical ← stance → supportive')],
    },
    data,
    chart,
  );
}

/** Scored articles per bucket as bars, their share of all coverage as a line. */
export function volumeChart(container: HTMLElement, points: TrendPoint[], chart: ChartOptions): Chart {
  const bars = uPlot.paths.bars!({ size: [0.7, 60] });
  const data: uPlot.AlignedData = [
    seconds(points),
    points.map((p) => p.n),
    points.map((p) => (p.volume.attention === null ? null : p.volume.attention * 100)),
    points.map((p) => (p.anomaly.volume.flagged ? p.n : null)),
  ];
  return mount(
    container,
    {
      scales: { pct: { range: [0, 100] } },
      series: [
        {},
        {
          label: 'Relevant articles',
          stroke: PALETTE.supportive,
          fill: PALETTE.volume,
          paths: bars,
          points: { show: false },
        },
        {
          label: 'Attention (share of all coverage)',
          scale: 'pct',
          stroke: PALETTE.ink,
          dash: [6, 3],
          width: 1.5,
          value: (_u, v) => (v === null ? '–' : `${Math.round(v)} %`),
        },
        anomalySeries('Volume anomaly'),
      ],
      axes: [xAxis, yAxis('articles'), { ...yAxis('% of all', 'pct', 1), grid: { show: false } }],
    },
    data,
    chart,
  );
}

/** A fill with a texture, so the shares differ by more than colour. */
function texture(colour: string, kind: 'solid' | 'dots' | 'hatch'): CanvasRenderingContext2D['fillStyle'] {
  if (kind === 'solid') return colour;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 8;
  const context = canvas.getContext('2d');
  if (!context) return colour;
  context.fillStyle = colour;
  context.fillRect(0, 0, 8, 8);
  context.fillStyle = context.strokeStyle = 'rgba(255, 255, 255, 0.75)';
  if (kind === 'dots') context.fillRect(3, 3, 2, 2);
  else {
    context.lineWidth = 1.5;
    context.beginPath();
    context.moveTo(0, 8);
    context.lineTo(8, 0);
    context.stroke();
  }
  return context.createPattern(canvas, 'repeat') ?? colour;
}

/** Supportive, neutral and critical shares stacked to 100%. */
/** The share a point shows: corrected where the trend was corrected, else as counted. */
export function shownShare(p: TrendPoint, label: 'supportive' | 'neutral' | 'critical'): number | null {
  return p.shares[label].corrected?.share ?? p.shares[label].share;
}

export function sharesChart(container: HTMLElement, points: TrendPoint[], chart: ChartOptions): Chart {
  const share = shownShare;
  const stack = (p: TrendPoint, upTo: number) => {
    if (p.n === 0) return null;
    const parts = [share(p, 'supportive'), share(p, 'neutral'), share(p, 'critical')];
    return parts.slice(0, upTo).reduce<number>((sum, value) => sum + (value ?? 0), 0) * 100;
  };
  const labels = ['supportive', 'neutral', 'critical'] as const;
  const kinds = ['solid', 'dots', 'hatch'] as const;
  const layer = (index: number): uPlot.Series => ({
    label: `${labels[index]} (${['▲', '●', '▼'][index]})`,
    stroke: PALETTE[labels[index]],
    fill: texture(PALETTE[labels[index]], kinds[index]),
    value: (_u, _v, _s, i) => (i === null ? '–' : percent(share(points[i], labels[index]))),
  });
  const data: uPlot.AlignedData = [
    seconds(points),
    ...[1, 2, 3].map((upTo) => points.map((p) => stack(p, upTo))),
  ];
  return mount(
    container,
    {
      scales: { y: { range: [0, 100] } },
      series: [{}, layer(0), layer(1), layer(2)],
      bands: [{ series: [2, 1] }, { series: [3, 2] }],
      legend: {
        markers: { fill: (_u, i) => [PALETTE.ink, PALETTE.supportive, PALETTE.neutral, PALETTE.critical][i] },
      },
      axes: [xAxis, yAxis('% of scored articles')],
    },
    data,
    chart,
  );
}

/** Cooperation (above zero) against conflict (below) framing. */
export function framingChart(container: HTMLElement, points: TrendPoint[], chart: ChartOptions): Chart {
  return mount(
    container,
    {
      scales: { y: { range: [-1, 1] } },
      series: [{}, { label: 'Framing', stroke: PALETTE.framing, width: 2, value: (_u, v) => signed(v) }],
      axes: [xAxis, yAxis('conflict ← framing → cooperation')],
    },
    [seconds(points), points.map((p) => p.framing.mean)],
    chart,
  );
}
