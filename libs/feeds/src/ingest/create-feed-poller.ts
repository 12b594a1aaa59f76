import type { AppConfig } from '../../../config/src/index.js';
import { type Database } from '../../../db/src/index.js';
import { ArticleRepository } from '../repositories/article.repository.js';
import { FeedPollRepository } from '../repositories/feed-poll.repository.js';
import { FeedRepository } from '../repositories/feed.repository.js';
import { TrendRollupRepository } from '../../../trends/src/index.js';
import { AddressGuard } from '../../../http/src/index.js';
import type { Lenses } from '../../../lens/src/index.js';
import { ArticleImporter } from './article-import.js';
import { FeedPoller } from './feed-poller.js';
import { FeedParsePool } from '../parse/parse-pool.js';

/** A FeedPoller over a database, configured as the worker configures it (also for the CLI, tests and bench). */
export function createFeedPoller(
  db: Database,
  config: Pick<AppConfig, 'fetch' | 'poll'>,
  lenses: Lenses,
  parser: FeedParsePool = new FeedParsePool(config.poll.parse),
): FeedPoller {
  return new FeedPoller({
    db,
    feeds: new FeedRepository(db),
    articles: new ArticleRepository(db),
    polls: new FeedPollRepository(db),
    rollups: new TrendRollupRepository(db),
    guard: new AddressGuard(config.fetch.allowCidrs),
    limits: config.fetch,
    policy: config.poll,
    maxItemsPerPoll: config.poll.maxItemsPerPoll,
    parser,
    lenses: lenses.relevance(),
  });
}

/** The article importer every door uses (API, CLI): the same normalisation, relevance and rollups as a poll. */
export function createArticleImporter(
  db: Database,
  config: Pick<AppConfig, 'poll'>,
  lenses: Lenses,
  classify: { enqueue(lens: string, articleIds: number[]): Promise<number> },
): ArticleImporter {
  return new ArticleImporter({
    db,
    feeds: new FeedRepository(db),
    articles: new ArticleRepository(db),
    rollups: new TrendRollupRepository(db),
    lenses: lenses.relevance(),
    classify,
    pollIntervalSec: config.poll.defaultIntervalSec,
  });
}
