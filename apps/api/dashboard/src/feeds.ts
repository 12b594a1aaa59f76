/** Feeds: polling health per feed, for operators. */
import { getJson } from './api.js';
import { externalLink, h, message, replace, table } from './dom.js';
import { dateTime, relative } from './format.js';
import type { Feed } from './api-types.js';
import type { ViewContext } from './view.js';

function status(feed: Feed): string {
  if (!feed.enabled) return '⏸ disabled';
  if (!feed.lastStatus) return '… not polled yet';
  const http = feed.lastHttpStatus ? ` (HTTP ${feed.lastHttpStatus})` : '';
  const failing =
    feed.consecutiveFailures > 0
      ? `, ${feed.consecutiveFailures} failure${feed.consecutiveFailures > 1 ? 's' : ''} in a row`
      : '';
  return `${feed.consecutiveFailures > 0 ? '✖' : '✔'} ${feed.lastStatus}${http}${failing}`;
}

export async function renderFeeds(root: HTMLElement, context: ViewContext): Promise<void> {
  replace(root, h('h2', {}, 'Feeds'), message('info', 'Loading feeds…'));
  const { feeds } = await getJson<{ feeds: Feed[] }>('/api/v1/feeds');
  if (!context.isCurrent()) return;
  const failing = feeds.filter((feed) => feed.enabled && feed.consecutiveFailures > 0).length;
  const tz = context.state.tz;
  replace(
    root,
    h('h2', {}, 'Feeds'),
    h(
      'p',
      { class: 'summary' },
      `${feeds.length} feeds, ${feeds.filter((f) => f.enabled).length} enabled, ${failing} failing.`,
    ),
    table(
      'Feed health',
      [
        'Outlet',
        'Feed',
        'Country / language / kind',
        'Status',
        'Last poll',
        'Last success',
        'Next poll',
        'Error',
      ],
      feeds.map((feed) => [
        feed.outlet,
        externalLink(feed.url, feed.title ?? feed.url),
        `${feed.country} / ${feed.language} / ${feed.kind}`,
        status(feed),
        `${dateTime(feed.lastPolledAt, tz)} (${relative(feed.lastPolledAt)})`,
        dateTime(feed.lastSuccessAt, tz),
        feed.enabled ? `${dateTime(feed.nextPollAt, tz)} (${relative(feed.nextPollAt)})` : '–',
        feed.lastError ?? '',
      ]),
    ),
  );
}
