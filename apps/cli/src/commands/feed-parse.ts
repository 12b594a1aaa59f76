import { readFile } from 'node:fs/promises';
import { type FeedDocument, FeedParseError, parseFeedBytes } from '../../../../libs/feeds/src/index.js';

export interface FetchedFeed {
  bytes: Uint8Array;
  contentType: string | null;
  url: string;
}

export interface FeedParseIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  fetchUrl?: (url: string) => Promise<FetchedFeed>;
}

type Outcome = { input: string; doc: FeedDocument } | { input: string; error: string };

/**
 * `stancewatch feed parse <file-or-url...> [--json]`. One input: one JSON object (or one error
 * line and exit 1). Several: one JSON line per input, exit 0 if any parsed.
 */
export async function runFeedParse(
  inputs: string[],
  opts: { json: boolean },
  io: FeedParseIo,
): Promise<number> {
  const outcomes: Outcome[] = [];
  for (const input of inputs) outcomes.push(await parseInput(input, io));

  if (inputs.length === 1) {
    const [only] = outcomes;
    if ('error' in only) {
      io.stderr.write(`stancewatch: feed parse: ${only.input}: ${only.error}\n`);
      return 1;
    }
    io.stdout.write(
      opts.json ? `${JSON.stringify(toJson(only.doc), null, 2)}\n` : summary(only.input, only.doc),
    );
    return 0;
  }
  for (const o of outcomes) {
    if (opts.json) {
      const body = 'error' in o ? { file: o.input, error: o.error } : { file: o.input, ...toJson(o.doc) };
      io.stdout.write(`${JSON.stringify(body)}\n`);
    } else if ('error' in o) {
      io.stderr.write(`stancewatch: feed parse: ${o.input}: ${o.error}\n`);
    } else {
      io.stdout.write(summary(o.input, o.doc));
    }
  }
  return outcomes.some((o) => 'doc' in o) ? 0 : 1;
}

async function parseInput(input: string, io: FeedParseIo): Promise<Outcome> {
  try {
    if (/^https?:\/\//i.test(input)) {
      if (!io.fetchUrl) return { input, error: 'cannot fetch URLs here (no fetcher configured)' };
      const fetched = await io.fetchUrl(input);
      return {
        input,
        doc: await parseFeedBytes(fetched.bytes, {
          contentType: fetched.contentType,
          documentUrl: fetched.url,
        }),
      };
    }
    return { input, doc: await parseFeedBytes(await readFile(input)) };
  } catch (error) {
    return { input, error: describe(error) };
  }
}

function describe(error: unknown): string {
  if (error instanceof FeedParseError) return error.message;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a feed file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

function toJson(doc: FeedDocument) {
  return {
    feed: { title: doc.feed.title, link: doc.feed.link, language: doc.feed.language },
    items: doc.items.map((i) => ({
      guid: i.guid,
      url: i.url,
      title: i.title,
      summary: i.summary,
      author: i.author,
      publishedAt: i.publishedAt ? i.publishedAt.toISOString() : null,
      categories: i.categories,
    })),
  };
}

const SHOWN_TITLES = 5;

function summary(input: string, doc: FeedDocument): string {
  const lines = [
    `${input}: ${doc.feed.title ?? '(untitled)'} — ${doc.items.length} item${doc.items.length === 1 ? '' : 's'} (${doc.feed.format}, ${doc.feed.encoding}${doc.feed.language ? `, ${doc.feed.language}` : ''})`,
    ...doc.items
      .slice(0, SHOWN_TITLES)
      .map(
        (i) => `  - ${i.title ?? '(untitled)'}${i.publishedAt ? `  [${i.publishedAt.toISOString()}]` : ''}`,
      ),
  ];
  if (doc.items.length > SHOWN_TITLES) lines.push(`  … ${doc.items.length - SHOWN_TITLES} more`);
  return `${lines.join('\n')}\n`;
}
