import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FeedDocument } from '../feed-document.js';
import { FeedParseError, type ParseBytesOptions } from './feed-parser.js';
import { READY, type ParseAnswer, type ParseRequest } from './parse-messages.js';

export interface ParseBudget {
  /** Threads parsing at once (each parses one feed at a time). */
  workers: number;
  /** A parse still running after this long is stopped: that feed's failure. */
  timeLimitMs: number;
  /** The heap a parse may use (the thread's old generation); past it the parse fails, the process lives. */
  memoryMb: number;
}

/** Documents at least this large are parsed by a thread that ends afterwards (see retire). */
const RECYCLE_AFTER_BYTES = 1 << 20;

interface Slot {
  worker: Worker | null;
  /** Resolves when the thread has loaded the parser (or failed to). */
  ready: Promise<void>;
  busy: boolean;
}

/**
 * Parses feeds in worker threads under a budget: a feed that takes longer than `timeLimitMs` or more
 * memory than `memoryMb` to parse is refused with a FeedParseError that says which (recorded in the
 * feed's `last_error` and backed off like any other failure); its thread is replaced. Threads start
 * on first use and do not keep the process alive.
 */
export class FeedParsePool {
  private readonly slots: Slot[];
  private readonly waiting: Array<(slot: Slot) => void> = [];
  private nextId = 1;

  constructor(private readonly budget: ParseBudget) {
    this.slots = Array.from({ length: Math.max(1, budget.workers) }, () => ({
      worker: null,
      ready: Promise.resolve(),
      busy: false,
    }));
  }

  async parse(bytes: Uint8Array, opts: ParseBytesOptions = {}): Promise<FeedDocument> {
    const slot = await this.take();
    try {
      if (!slot.worker) this.startWorker(slot);
      await slot.ready;
      return await this.parseIn(slot, bytes, opts);
    } finally {
      if (bytes.length >= RECYCLE_AFTER_BYTES) this.retire(slot);
      this.give(slot);
    }
  }

  /** Stops every thread (a parse in flight fails). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker?.terminate()));
    for (const slot of this.slots) slot.worker = null;
  }

  /**
   * A thread's heap keeps the size its largest parse needed (V8 gives old space back slowly, if at
   * all): after a large document the thread is ended, so the memory returns to the system, and the
   * next parse starts a fresh one (some 50 ms, once per large feed).
   */
  private retire(slot: Slot): void {
    const worker = slot.worker;
    slot.worker = null;
    void worker?.terminate();
  }

  private parseIn(slot: Slot, bytes: Uint8Array, opts: ParseBytesOptions): Promise<FeedDocument> {
    const worker = slot.worker;
    if (!worker) return Promise.reject(new FeedParseError('the feed parser could not be started'));
    const id = this.nextId++;
    return new Promise<FeedDocument>((resolve, reject) => {
      const done = (finish: () => void) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        finish();
      };
      const replace = (error: FeedParseError) =>
        done(() => {
          slot.worker = null;
          void worker.terminate();
          reject(error);
        });
      const onMessage = (reply: ParseAnswer) => {
        if (reply.id !== id) return;
        if ('document' in reply) done(() => resolve(reply.document));
        else done(() => reject(reply.parseError ? new FeedParseError(reply.error) : new Error(reply.error)));
      };
      const onError = (error: Error & { code?: string }) =>
        replace(
          new FeedParseError(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `parsing the feed needed more than ${this.budget.memoryMb} MiB (FEED_PARSE_MEMORY_MB); refused`
              : `the feed parser failed: ${error.message}`,
          ),
        );
      const onExit = () => replace(new FeedParseError('the feed parser stopped unexpectedly'));
      const timer = setTimeout(
        () =>
          replace(
            new FeedParseError(
              `the feed took longer than ${this.budget.timeLimitMs} ms to parse (FEED_PARSE_TIME_LIMIT_MS); refused`,
            ),
          ),
        this.budget.timeLimitMs,
      );
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      const request: ParseRequest = { id, bytes, opts };
      worker.postMessage(request);
    });
  }

  private startWorker(slot: Slot): void {
    // A young generation of 8 MiB (V8's default is larger): about 10 MiB less resident per thread
    // for about 5% more parse time.
    const worker = new Worker(workerEntry(), {
      resourceLimits: { maxOldGenerationSizeMb: this.budget.memoryMb, maxYoungGenerationSizeMb: 8 },
    });
    worker.unref();
    slot.worker = worker;
    slot.ready = new Promise<void>((resolve) => {
      const settle = () => {
        worker.off('message', onReady);
        resolve();
      };
      const onReady = (message: unknown) => {
        if (message === READY) settle();
      };
      worker.on('message', onReady);
      worker.once('exit', settle); // the parse then fails at once: the thread is gone
    });
    // A thread that ends between parses is simply started again for the next one.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      if (slot.worker === worker) slot.worker = null;
    });
  }

  private take(): Promise<Slot> {
    const free = this.slots.find((slot) => !slot.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }
}

/**
 * The compiled worker entry: beside this file when it runs from dist/; when the sources run as
 * TypeScript (Jest), the build's copy (`npm test` builds first).
 */
function workerEntry(): URL {
  const candidates = [
    new URL('./parse-worker.js', import.meta.url),
    new URL('../../../../dist/libs/feeds/src/parse/parse-worker.js', import.meta.url),
  ];
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (!found)
    throw new Error(
      `the feed parser's worker entry is missing (looked for ${candidates.map((url) => fileURLToPath(url)).join(', ')}); run npm run build`,
    );
  return found;
}
