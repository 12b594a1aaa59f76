import { urlWithoutCredentials, withoutCredentials } from '../../../http/src/index.js';
import type { Feed } from '../repositories/feed.repository.js';

/**
 * A feed as readers see it (the API's read routes, `stancewatch feeds list`): without the credentials
 * its URL may carry, there or in its last error.
 */
export function feedForReaders(feed: Feed): Feed {
  return {
    ...feed,
    url: urlWithoutCredentials(feed.url),
    lastError: feedErrorForReaders(feed.lastError, feed.url),
  };
}

/**
 * A stored poll error as readers see it: without the credentials of any URL it quotes. Polls store
 * errors without them, but rows written before they did may still hold them.
 */
export function feedErrorForReaders(error: string | null, feedUrl: string): string | null {
  return error === null ? null : withoutCredentials(error, [feedUrl]);
}
