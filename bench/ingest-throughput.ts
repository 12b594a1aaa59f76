import { join } from 'node:path';
import { loadConfig } from '../libs/config/src/index.js';
import { projectRoot } from '../libs/db/src/index.js';
import {
  FeedRepository,
  type ArticleDraft,
  createFeedPoller,
  articleDrafts,
  FeedPoller,
  type PollReport,
  parseFeedBytes,
} from '../libs/feeds/src/index.js';
import { Lenses, type LensRelevance } from '../libs/lens/src/index.js';
import { createScratchTable, insertRows, truncateScratchTable } from './baseline-insert.js';
import type { BenchDatabase } from './bench-database.js';
import type { FeedHost } from './feed-host.js';
import type { GeneratedFeed } from './generate-feeds.js';
import { figure, perSecond, timed, type Figure } from './stats.js';

export interface IngestBenchOptions {
  target: BenchDatabase;
  host: FeedHost;
  feeds: GeneratedFeed[];
  runs: number;
  concurrencies: number[];
  progress: (line: string) => void;
}

const MAX_ATTEMPTS = 5;
const BASELINE = 'multi-row INSERT … SELECT unnest(…) of the same rows';

/**
 * Feed-to-row throughput through FeedPoller, end to end (fetch, decode, parse, normalise, de-duplicate,
 * store), against one bulk INSERT of the same article rows in the same run. Every run starts from empty
 * tables, so all runs see the same table sizes.
 */
export async function benchIngest(
  opts: IngestBenchOptions,
): Promise<{ figures: Figure[]; warnings: string[] }> {
  const { target, feeds, runs } = opts;
  const lenses = benchLenses().relevance();
  const poller = buildPoller(target);
  const items = feeds.reduce((sum, feed) => sum + feed.itemCount, 0);
  const drafts = await draftsOf(feeds, lenses);
  await createScratchTable(target.db);
  const warnings: string[] = [];
  const figures: Figure[] = [];

  for (const concurrency of opts.concurrencies) {
    const retried: string[] = [];
    const samples = { stored: [] as number[], dedupe: [] as number[], baseline: [] as number[] };
    for (let run = -1; run < runs; run += 1) {
      const baselineFirst = run % 2 === 0; // alternate, so neither side always runs on a warmer cache
      const baseline = baselineFirst ? await bulkInsert(target, drafts) : 0;
      const ids = await registerFeeds(target, opts.host, feeds);
      const first = await pollAll(poller, ids, concurrency);
      const second = await pollAll(poller, ids, concurrency);
      const after = baselineFirst ? baseline : await bulkInsert(target, drafts);
      warnings.push(...check(first.reports, items, 'first'), ...check(second.reports, 0, 'second'));
      retried.push(...first.retried, ...second.retried);
      if (run < 0) continue; // warm-up
      samples.stored.push(perSecond(sum(first.reports, 'itemsNew'), first.ms));
      samples.dedupe.push(perSecond(sum(second.reports, 'itemsSeen'), second.ms));
      samples.baseline.push(after);
      opts.progress(
        `ingest c=${concurrency} run ${run + 1}/${runs}: ${Math.round(samples.stored[run])} articles/s stored`,
      );
    }
    for (const [message, count] of tally(retried)) {
      warnings.push(
        `concurrency ${concurrency}: ${count} polls failed with "${message}" and were polled again (counted in the time)`,
      );
    }
    figures.push(
      figure(
        `ingest.c${concurrency}.new`,
        `feed → new article rows, concurrency ${concurrency}`,
        'articles/s',
        samples.stored,
        BASELINE,
        samples.baseline,
      ),
      figure(
        `ingest.c${concurrency}.seen`,
        `second poll, all items seen (dedupe), concurrency ${concurrency}`,
        'items/s',
        samples.dedupe,
        BASELINE,
        samples.baseline,
      ),
    );
  }
  return { figures, warnings: [...new Set(warnings)] };
}

function tally(messages: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages) counts.set(message, (counts.get(message) ?? 0) + 1);
  return counts;
}

const benchLenses = () => Lenses.load(join(projectRoot(), 'config', 'lenses.json'));

// Built as the ingestion test builds it, with loopback allowed so the local feed host is reachable.
function buildPoller({ url, db }: BenchDatabase): FeedPoller {
  return createFeedPoller(
    db,
    loadConfig({ DATABASE_URL: url, FEED_ALLOW_CIDRS: '127.0.0.0/8' }),
    benchLenses(),
  );
}

async function registerFeeds(
  { db }: BenchDatabase,
  host: FeedHost,
  feeds: GeneratedFeed[],
): Promise<number[]> {
  await db.query(`TRUNCATE feed_polls, feed_items, articles, stories, feeds RESTART IDENTITY CASCADE`);
  const repository = new FeedRepository(db);
  const ids: number[] = [];
  for (const feed of feeds) {
    const created = await repository.create(
      {
        url: host.url(feed),
        outlet: feed.name,
        country: 'INT',
        language: feed.language,
        kind: 'independent',
      },
      'cli',
      1800,
    );
    ids.push(created!.id);
  }
  return ids;
}

interface PollRound {
  reports: PollReport[];
  ms: number;
  /** Errors of polls that threw and were polled again, as the queue retries a failed job. */
  retried: string[];
}

async function pollAll(poller: FeedPoller, ids: number[], concurrency: number): Promise<PollRound> {
  const queue = [...ids];
  const reports: PollReport[] = [];
  const retried: string[] = [];
  const pollWithRetries = async (id: number): Promise<PollReport> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await poller.poll(id, 'manual');
      } catch (error) {
        if (attempt === MAX_ATTEMPTS) throw error;
        retried.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift())
      reports.push(await pollWithRetries(id));
  };
  const ms = await timed(() => Promise.all(Array.from({ length: concurrency }, worker)));
  return { reports, ms, retried };
}

/** Rows per second of one bulk insert of every draft into the emptied scratch table. */
async function bulkInsert({ db }: BenchDatabase, drafts: ArticleDraft[]): Promise<number> {
  await truncateScratchTable(db);
  let inserted = 0;
  const ms = await timed(async () => (inserted = await insertRows(db, drafts)));
  return perSecond(inserted, ms);
}

async function draftsOf(feeds: GeneratedFeed[], lenses: LensRelevance[]): Promise<ArticleDraft[]> {
  const fetchedAt = new Date();
  const documents = await Promise.all(
    feeds.map((feed) => parseFeedBytes(feed.bytes, { contentType: feed.contentType })),
  );
  return documents.flatMap((document, i) => articleDrafts(document, i + 1, fetchedAt, lenses).drafts);
}

function check(reports: PollReport[], expectedNew: number, which: string): string[] {
  const failed = reports
    .filter((report) => report.outcome !== 'ok')
    .map((report) => `${which} poll of ${report.url}: ${report.outcome} ${report.error ?? ''}`);
  const stored = sum(reports, 'itemsNew');
  return stored === expectedNew
    ? failed
    : [...failed, `${which} poll stored ${stored} new articles, expected ${expectedNew}`];
}

const sum = (reports: PollReport[], key: 'itemsNew' | 'itemsSeen') =>
  reports.reduce((total, report) => total + report[key], 0);
