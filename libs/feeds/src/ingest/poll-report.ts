/** What one poll of one feed did; logged, printed by `stancewatch feeds poll`, returned by the API. */
export interface PollReport {
  feedId: number;
  /** The feed's URL without the user and password it may carry (`https://***@host/…`). */
  url: string;
  outcome: 'ok' | 'not-modified' | 'error' | 'skipped';
  httpStatus: number | null;
  conditional: boolean;
  itemsSeen: number;
  itemsNew: number;
  itemsSighted: number;
  itemsRelevant: number;
  itemsUnidentifiable: number;
  /** Items past the per-poll cap (FEED_MAX_ITEMS_PER_POLL, newest kept): seen, not stored. */
  itemsDropped: number;
  /** Items PostgreSQL would refuse (see storable-item.ts): skipped, the rest of the feed stored. */
  itemsSkipped: number;
  /** How many items were skipped for each reason. */
  skippedReasons: Record<string, number>;
  /** Ids of the articles this poll stored for the first time, per lens they are relevant to: the ones to classify. */
  newRelevantArticles: Record<string, number[]>;
  /** Why the poll failed, with the credentials of every URL it quotes hidden. */
  error: string | null;
  nextPollAt: Date | null;
  intervalSec: number | null;
  reason: string;
  durationMs: number;
}
