import { Logger } from '@nestjs/common';
import type { FeedRepository } from './repositories/feed.repository.js';
import { loadFeedRegistryFile } from './feed-registry-file.js';

/** Loads config/feeds.json into the registry; feeds that operators added or disabled keep their state. */
export async function seedFeedRegistry(feeds: FeedRepository, feedsFile: string, intervalSec: number) {
  const entries = loadFeedRegistryFile(feedsFile);
  const result = await feeds.upsertFromConfig(entries, intervalSec);
  new Logger('FeedRegistry').log({ msg: 'feed registry seeded', file: feedsFile, ...result });
  return result;
}
