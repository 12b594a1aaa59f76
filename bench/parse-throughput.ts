import { XMLParser } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { decodeFeedBytes, parseFeedBytes, scanNamespaces, prepareXml } from '../libs/feeds/src/index.js';
import type { GeneratedFeed } from './generate-feeds.js';
import { figure, perSecond, summarize, timed, type Figure } from './stats.js';

export interface ParseBenchResult {
  figures: Figure[];
  /** Median microseconds per item of each stage, to say where the time of the whole path goes. */
  microsPerItem: Record<Stage, number>;
  warnings: string[];
}

type Stage = 'wholePath' | 'decode' | 'prePass' | 'rssParser' | 'fastXmlParser';

const LABELS: Record<Exclude<Stage, 'fastXmlParser'>, string> = {
  wholePath: 'parseFeedBytes: decode + parse + normalise',
  decode: 'decode only (decodeFeedBytes)',
  prePass: 'pre-pass only (prepareXml + scanNamespaces)',
  rssParser: 'rss-parser alone on the decoded text',
};

/**
 * Items per second through each stage of parsing, against a plain fast-xml-parser pass over the same
 * bytes. Every run times every stage once, in a rotating order, so drift on a shared machine hits all.
 */
export async function benchParse(
  feeds: GeneratedFeed[],
  runs: number,
  progress: (line: string) => void,
): Promise<ParseBenchResult> {
  const items = feeds.reduce((sum, feed) => sum + feed.itemCount, 0);
  const decoded = feeds.map((feed) => decodeFeedBytes(feed.bytes, feed.contentType).text);
  const rssParser = new Parser();
  const stages: Record<Stage, () => Promise<void>> = {
    wholePath: async () => {
      for (const feed of feeds) await parseFeedBytes(feed.bytes, { contentType: feed.contentType });
    },
    decode: async () => {
      for (const feed of feeds) decodeFeedBytes(feed.bytes, feed.contentType);
    },
    prePass: async () => {
      for (const text of decoded) scanNamespaces(prepareXml(text));
    },
    rssParser: async () => {
      for (const text of decoded) await rssParser.parseString(text);
    },
    fastXmlParser: async () => {
      for (const feed of feeds) new XMLParser().parse(feed.bytes.toString());
    },
  };
  const warnings = await checkItemCounts(feeds, decoded, rssParser);
  const order = Object.keys(stages) as Stage[];
  for (const stage of order) await stages[stage](); // warm-up: JIT, lazy imports, caches

  const samples = Object.fromEntries(order.map((stage) => [stage, [] as number[]])) as Record<
    Stage,
    number[]
  >;
  for (let run = 0; run < runs; run += 1) {
    const rotated = [...order.slice(run % order.length), ...order.slice(0, run % order.length)];
    for (const stage of rotated) samples[stage].push(perSecond(items, await timed(stages[stage])));
    progress(`parse run ${run + 1}/${runs}: ${Math.round(samples.wholePath[run])} items/s whole path`);
  }

  const baseline = samples.fastXmlParser;
  const figures = (Object.keys(LABELS) as (keyof typeof LABELS)[]).map((stage) =>
    figure(
      `parse.${stage}`,
      LABELS[stage],
      'items/s',
      samples[stage],
      'fast-xml-parser on the same bytes',
      baseline,
    ),
  );
  const microsPerItem = Object.fromEntries(
    order.map((stage) => [stage, 1e6 / summarize(samples[stage]).median]),
  ) as Record<Stage, number>;
  return { figures, microsPerItem, warnings };
}

/** A throughput of a parser that loses items would be meaningless: say so loudly, but still report. */
async function checkItemCounts(
  feeds: GeneratedFeed[],
  decoded: string[],
  rssParser: Parser,
): Promise<string[]> {
  const warnings: string[] = [];
  for (const [i, feed] of feeds.entries()) {
    const ours = (await parseFeedBytes(feed.bytes, { contentType: feed.contentType })).items.length;
    const theirs = (await rssParser.parseString(decoded[i])).items.length;
    if (ours !== feed.itemCount)
      warnings.push(`${feed.name}: parseFeedBytes found ${ours} of ${feed.itemCount} items`);
    if (theirs !== feed.itemCount)
      warnings.push(`${feed.name}: rss-parser found ${theirs} of ${feed.itemCount} items`);
  }
  return warnings;
}
