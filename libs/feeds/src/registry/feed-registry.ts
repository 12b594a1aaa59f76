import type { FeedCandidate } from '../discover/alternate-links.js';
import type { DiscoverFeeds, Discovery } from '../discover/feed-discovery.js';
import type { FeedPoller } from '../ingest/feed-poller.js';
import type { PollReport } from '../ingest/poll-report.js';
import type { FeedPoll, FeedPollRepository } from '../repositories/feed-poll.repository.js';
import type { Feed, FeedOrigin, FeedRepository, NewFeed } from '../repositories/feed.repository.js';
import type { FeedScheduler } from '../schedule/feed-scheduler.js';

/** A feed with this URL is registered already (the API answers 409). */
export class FeedConflictError extends Error {}

/** No feed has this id (the API answers 404). */
export class FeedNotFoundError extends Error {}

/** The address is a page that announces several feeds: one must be picked (the API answers 300). */
export class FeedCandidatesError extends Error {
  constructor(
    readonly pageUrl: string,
    readonly candidates: FeedCandidate[],
  ) {
    super(
      `${pageUrl} is a page that announces ${candidates.length} feeds; choose one with --pick N (API: "pick": N)`,
    );
  }
}

/** The address is a page that announces no feed (the API answers 422). */
export class NoFeedFoundError extends Error {}

/** The pick names no candidate of the page (the API answers 400, the CLI exits 2). */
export class FeedPickError extends Error {}

/** What `add` did: the feed stored, what the address was, and the candidate chosen when it was a page. */
export interface FeedAdded {
  feed: Feed;
  discovery: Discovery;
  chosen: FeedCandidate | null;
}

/**
 * What a door does when the feed's row changed but its job scheduler could not follow (Redis down).
 * Without it the error propagates (the API answers 503) and a registration is taken back, so asking
 * again registers the feed instead of meeting a conflict; the CLI warns and carries on, because the
 * worker syncs every scheduler from the feeds table when it starts.
 */
export type ScheduleFailureHandler = (error: Error, feed: Feed) => void;

export interface FeedRegistryParts {
  feeds: FeedRepository;
  polls: FeedPollRepository;
  scheduler: FeedScheduler;
  poller: FeedPoller;
  defaultIntervalSec: number;
  /** Reads an address given to `add`; without it every address is taken for a feed. */
  discover?: DiscoverFeeds;
}

/**
 * The feed registry's use cases, for the API, the CLI and the worker alike: a change to a feed's row
 * and the change to its job scheduler are made here together, so no door can do one without the other.
 */
export class FeedRegistry {
  constructor(private readonly parts: FeedRegistryParts) {}

  list(filter: { enabled?: boolean } = {}): Promise<Feed[]> {
    return this.parts.feeds.list(filter);
  }

  async get(id: number): Promise<Feed> {
    const feed = await this.parts.feeds.get(id);
    if (!feed) throw new FeedNotFoundError(`no feed with id ${id}`);
    return feed;
  }

  /** The feed registered with exactly this URL, if any. */
  findByUrl(url: string): Promise<Feed | null> {
    return this.parts.feeds.getByUrl(url);
  }

  /** The feed's latest polls, newest first. */
  async history(id: number, limit: number): Promise<FeedPoll[]> {
    await this.get(id);
    return this.parts.polls.listForFeed(id, limit);
  }

  /** Stores a new feed and schedules its polls. */
  async register(
    entry: NewFeed,
    origin: FeedOrigin,
    onScheduleFailure?: ScheduleFailureHandler,
  ): Promise<Feed> {
    const feed = await this.parts.feeds.create(entry, origin, this.parts.defaultIntervalSec);
    if (!feed) throw new FeedConflictError(`a feed with the URL ${entry.url} is already registered`);
    try {
      await this.followSchedule(feed, onScheduleFailure, (f) => this.parts.scheduler.sync(f));
    } catch (error) {
      await this.parts.feeds.withdrawNew(feed.id);
      throw error;
    }
    return feed;
  }

  /**
   * Registers what `feeds add` and `POST /api/v1/feeds` were given: a feed, or a site's page, whose
   * announced feed (`<link rel="alternate">`, `Link` header) is registered instead: the only one, or
   * the `pick`-th (from 1) of several. An address that cannot be read now is registered as given, as
   * before discovery existed; its polls report why.
   */
  async add(
    entry: NewFeed,
    origin: FeedOrigin,
    options: { pick?: number; onScheduleFailure?: ScheduleFailureHandler } = {},
  ): Promise<FeedAdded> {
    if (await this.parts.feeds.getByUrl(entry.url))
      throw new FeedConflictError(`a feed with the URL ${entry.url} is already registered`);
    const discovery: Discovery = this.parts.discover
      ? await this.parts.discover(entry.url)
      : { kind: 'feed' };
    if (discovery.kind !== 'page') {
      return { feed: await this.register(entry, origin, options.onScheduleFailure), discovery, chosen: null };
    }
    const { candidates } = discovery;
    if (candidates.length === 0) {
      throw new NoFeedFoundError(
        `${entry.url} is an HTML page that announces no feed (no <link rel="alternate"> or Link header of ` +
          `type RSS, Atom or JSON Feed); give the feed's own address`,
      );
    }
    const { pick } = options;
    if (pick === undefined && candidates.length > 1)
      throw new FeedCandidatesError(discovery.pageUrl, candidates);
    if (pick !== undefined && !(Number.isInteger(pick) && pick >= 1 && pick <= candidates.length)) {
      throw new FeedPickError(
        `pick ${pick}: ${entry.url} announces ${candidates.length} feed(s); pick one from 1 to ${candidates.length}`,
      );
    }
    const chosen = candidates[(pick ?? 1) - 1];
    const feed = await this.register(
      { ...entry, url: chosen.url, title: entry.title ?? chosen.title },
      origin,
      options.onScheduleFailure,
    );
    return { feed, discovery, chosen };
  }

  /** Stops polling (its scheduler removed, its articles kept) or resumes it now. */
  async setEnabled(id: number, enabled: boolean, onScheduleFailure?: ScheduleFailureHandler): Promise<Feed> {
    const feed = await this.parts.feeds.setEnabled(id, enabled);
    if (!feed) throw new FeedNotFoundError(`no feed with id ${id}`);
    await this.reschedule(feed, onScheduleFailure);
    return feed;
  }

  /** Queues a manual poll for the worker; returns the job's id. */
  async queuePoll(id: number): Promise<{ feedId: number; jobId: string }> {
    const feed = await this.get(id);
    return { feedId: feed.id, jobId: await this.parts.scheduler.pollNow(feed.id) };
  }

  /**
   * Polls the feed in this process, then moves its scheduler to the next poll time the poll chose
   * (backoff, Retry-After), as the worker does after its own polls.
   */
  async pollHere(id: number, onScheduleFailure?: ScheduleFailureHandler): Promise<PollReport> {
    await this.get(id);
    const report = await this.parts.poller.poll(id, 'manual');
    await this.reschedule(await this.get(id), onScheduleFailure);
    return report;
  }

  private reschedule(feed: Feed, onScheduleFailure?: ScheduleFailureHandler): Promise<void> {
    return this.followSchedule(feed, onScheduleFailure, (f) => this.parts.scheduler.reschedule(f));
  }

  private async followSchedule(
    feed: Feed,
    onScheduleFailure: ScheduleFailureHandler | undefined,
    update: (feed: Feed) => Promise<void>,
  ): Promise<void> {
    try {
      await update(feed);
    } catch (error) {
      if (!onScheduleFailure) throw error;
      onScheduleFailure(error as Error, feed);
    }
  }
}
