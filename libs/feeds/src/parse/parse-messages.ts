/** What the feed parser's worker thread and its pool say to each other. */
import type { FeedDocument } from '../feed-document.js';
import type { ParseBytesOptions } from './feed-parser.js';

export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
  opts: ParseBytesOptions;
}

export type ParseAnswer =
  { id: number; document: FeedDocument } | { id: number; error: string; parseError: boolean };

/** Sent once the parser's modules are loaded: a parse's time limit starts after it, not before. */
export const READY = 'ready';
