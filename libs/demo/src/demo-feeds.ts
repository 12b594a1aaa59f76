import type { Feed, FeedRepository } from '../../feeds/src/index.js';
import { DEMO_OUTLETS, demoFeedPath } from './demo-catalogue.js';

/** The URL the demo registers an outlet's feed under: the replay server on a fixed local port. */
export function demoFeedUrl(feedsPort: number, path: string): string {
  return `http://127.0.0.1:${feedsPort}${path}`;
}

/**
 * Registers every demo feed once: a feed already registered under its URL is left as it is (with its
 * health and schedule), so running the demo again adds nothing. `existing` are the ones that were
 * there before; new ones are due at once.
 */
export async function registerDemoFeeds(
  feeds: FeedRepository,
  feedsPort: number,
  intervalSec: number,
): Promise<{ feeds: Feed[]; existing: Feed[] }> {
  const registered: Feed[] = [];
  const existing: Feed[] = [];
  for (const outlet of DEMO_OUTLETS) {
    const url = demoFeedUrl(feedsPort, demoFeedPath(outlet));
    const title = `${outlet.outlet} — ${outlet.language}`;
    const { country, language, kind } = outlet;
    const created = await feeds.create(
      { url, title, outlet: outlet.outlet, country, language, kind },
      'cli',
      intervalSec,
    );
    const feed = created ?? (await feeds.getByUrl(url));
    if (!feed) continue; // deleted between the two statements
    registered.push(feed);
    if (!created) existing.push(feed);
  }
  return { feeds: registered, existing };
}
