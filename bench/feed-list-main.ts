/**
 * `npm run bench:feed-lists`: reading a large reader's OPML (198 categories of 100 feeds, 19,800
 * feeds, just under the 20,000-outline cap), three runs, then a crafted list of a million empty
 * elements (the markup-node limit, under the API's 5 MiB body limit): time and the process's
 * resident memory before and after. No database: this is the reader alone, what
 * `feeds import --dry-run` spends before it looks each feed up.
 */
import { readFeedList } from '../libs/feeds/src/index.js';

const CATEGORIES = 198;
const PER_CATEGORY = 100;

function largeOpml(): Buffer {
  const categories = Array.from({ length: CATEGORIES }, (_, c) => {
    const feeds = Array.from(
      { length: PER_CATEGORY },
      (_, i) =>
        `<outline text="Feed ${c}-${i}" title="Feed ${c}-${i}" type="rss" ` +
        `xmlUrl="https://site${c}.example.org/feed${i}.xml?a=1&b=2" htmlUrl="https://site${c}.example.org/"/>`,
    );
    return `<outline text="Category ${c}">\n${feeds.join('\n')}\n</outline>`;
  });
  return Buffer.from(
    `<?xml version="1.0"?>\n<opml version="2.0"><body>\n${categories.join('\n')}\n</body></opml>\n`,
  );
}

const body = largeOpml();
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
for (let run = 1; run <= 3; run++) {
  const rssBefore = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  const entries = await readFeedList(body);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(
    `run ${run}: ${entries.length} feeds from ${(body.length / 2 ** 20).toFixed(1)} MiB of OPML in ${ms.toFixed(0)} ms; ` +
      `resident ${mb(rssBefore)} -> ${mb(process.memoryUsage().rss)} MB\n`,
  );
}

const hostile = Buffer.from(`<opml version="2.0"><body>${'<x/>'.repeat(999_000)}</body></opml>`);
const rssBefore = process.memoryUsage().rss;
const started = process.hrtime.bigint();
const outcome = await readFeedList(hostile).then(
  (entries) => `${entries.length} feeds`,
  (error: Error) => error.message,
);
process.stdout.write(
  `crafted: a million empty elements (${(hostile.length / 2 ** 20).toFixed(1)} MiB) in ` +
    `${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms: ${outcome}; ` +
    `resident ${mb(rssBefore)} -> ${mb(process.memoryUsage().rss)} MB\n`,
);
