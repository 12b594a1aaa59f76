/**
 * The feed parser's worker thread (FeedParsePool): parses one feed's bytes per message, off the
 * worker process's event loop, so a long parse never delays other jobs or BullMQ's lock renewal.
 */
import { parentPort } from 'node:worker_threads';
import { FeedParseError, parseFeedBytes } from './feed-parser.js';
import { READY, type ParseAnswer, type ParseRequest } from './parse-messages.js';

parentPort?.on('message', (request: ParseRequest) => {
  void answer(request).then((reply) => parentPort!.postMessage(reply));
});
parentPort?.postMessage(READY);

async function answer({ id, bytes, opts }: ParseRequest): Promise<ParseAnswer> {
  try {
    return { id, document: await parseFeedBytes(bytes, opts) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { id, error: message, parseError: error instanceof FeedParseError };
  }
}
