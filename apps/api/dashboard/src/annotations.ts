/** The annotations operators mark ("Xi in Moscow"): fetched for a trend's period, drawn on its charts, listed as text. */
import { getJson } from './api.js';
import type { Annotation, ListAnnotationsResponse, Trend } from './api-types.js';
import type { ChartAnnotation } from './charts.js';
import { h } from './dom.js';
import { dateTime } from './format.js';

/**
 * The annotations of the trend's period and lens. The charts are worth showing without them: a
 * failure leaves them off and says so instead of failing the overview.
 */
export async function annotationsOf(
  trend: Trend,
): Promise<{ annotations: Annotation[]; error: string | null }> {
  const { from, to, lens } = trend.query;
  try {
    const answer = await getJson<ListAnnotationsResponse>(
      '/api/v1/annotations',
      new URLSearchParams({ from, to, lens }),
    );
    return { annotations: answer.annotations, error: null };
  } catch (error) {
    return { annotations: [], error: `Annotations are not shown: ${(error as Error).message}` };
  }
}

/** The annotations as text under the summary: what the marks on the charts are. */
export function annotationList(annotations: Annotation[], tz: string): HTMLElement | false {
  if (annotations.length === 0) return false;
  return h(
    'ul',
    { class: 'annotations', 'aria-label': 'Annotations in this period' },
    ...annotations.map((a) =>
      h(
        'li',
        {},
        `${dateTime(a.startsAt, tz)}${a.endsAt ? ` – ${dateTime(a.endsAt, tz)}` : ''}: ${a.title}${a.note ? ` (${a.note})` : ''}`,
      ),
    ),
  );
}

export const chartAnnotation = (a: Annotation): ChartAnnotation => ({
  at: Date.parse(a.startsAt) / 1000,
  until: a.endsAt ? Date.parse(a.endsAt) / 1000 : null,
  title: a.title,
});
