import { z } from 'zod';
import type { Database, Queryable } from '../../../db/src/index.js';
import type { ArticleRepository } from '../repositories/article.repository.js';
import type { FeedOrigin, FeedRepository } from '../repositories/feed.repository.js';
import type { FeedDocument, FeedItem } from '../feed-document.js';
import { languageFromScript, normalizeLanguage } from '../normalize/language.js';
import { htmlToText } from '../normalize/text.js';
import { canonicalUrl } from '../normalize/url.js';
import { SUMMARY_LIMIT, TITLE_LIMIT, capText } from '../normalize/text-limits.js';
import { LINK_MAX_CHARS } from './storable-item.js';
import { articleDrafts } from './article-drafts.js';
import type { LensRelevance } from '../../../lens/src/index.js';

/**
 * Back-filling articles from other sources (a GDELT or Media Cloud export): each record goes through
 * the path a polled item takes — plain text, canonical URL, relevance per lens, one article per URL —
 * and is stored under a feed row per outlet (`import:<outlet>`, kind 'aggregator', disabled, so it is
 * never polled), then the new relevant articles are queued for classification.
 */

/** One input record with where it came from: its line in a JSON Lines file, or its position in a JSON array. */
export interface ImportRecord {
  line: number;
  value: unknown;
}

export interface ImportRejection {
  line: number;
  reason: string;
}

/** Records of an outlet whose country or language differed from the outlet's feed (the first one wins). */
export interface ImportDisagreement {
  outlet: string;
  field: 'country' | 'language';
  /** The value the outlet's feed keeps. */
  kept: string;
  count: number;
}

export interface ImportResult {
  received: number;
  imported: number;
  /** Records whose canonical URL was already stored (by a feed, an earlier import, or an earlier line). */
  duplicates: number;
  /** Records that are not articles and were passed over on purpose (GKG rows from outside the web). */
  skipped: number;
  /** Imported articles relevant to at least one lens. */
  relevant: number;
  relevantByLens: Record<string, number>;
  rejected: ImportRejection[];
  /** Classification jobs queued; null when queueing failed (the backlog sweep will find the articles). */
  classifyJobs: number | null;
  feeds: { outlet: string; feedId: number }[];
  disagreements: ImportDisagreement[];
}

export interface ArticleImportDeps {
  db: Database;
  feeds: FeedRepository;
  articles: ArticleRepository;
  /** The rollup refresh the poller runs for new articles: volumes must count imported articles too. */
  rollups: { refreshVolume(client: Queryable, articleIds: number[]): Promise<void> };
  lenses: LensRelevance[];
  classify: { enqueue(lens: string, articleIds: number[]): Promise<number> };
  pollIntervalSec: number;
  now?: () => Date;
}

const MAX_FUTURE_MS = 24 * 3600 * 1000;
// One transaction per this many records, so a large import holds its locks briefly.
const CHUNK = 500;

/** A message that says so when the field is simply not there. */
const expected = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `missing; expected ${what}` : `expected ${what}`;

const isoInstant = z
  .string({ error: expected('an ISO 8601 date-time such as "2025-05-08T14:20:00Z"') })
  .refine(
    (text) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?))?$/i.test(text),
    'expected an ISO 8601 date or date-time with a zone, such as "2025-05-08T14:20:00Z"',
  )
  .refine((text) => !Number.isNaN(Date.parse(text)), 'not a real date');

export const importLineSchema = z.object({
  url: z
    .string({ error: expected('the article URL (a string)') })
    .max(LINK_MAX_CHARS, `expected a URL of at most ${LINK_MAX_CHARS} characters`)
    .refine(
      (url) => canonicalUrl(url) !== null && /^https?:\/\//i.test(url.trim()),
      'expected an http(s) URL',
    ),
  title: z
    .string({ error: expected('the title (a string)') })
    .max(2000, 'expected a title of at most 2000 characters')
    .refine((title) => htmlToText(title) !== null, 'expected a non-empty title'),
  summary: z.string({ error: 'expected a string' }).max(100_000).nullish(),
  publishedAt: isoInstant,
  outlet: z
    .string({ error: 'expected a string' })
    .trim()
    .min(1, 'expected a non-empty outlet')
    .max(200)
    .nullish(),
  language: z
    .string({ error: 'expected a language tag such as "en", "ru" or "zh"' })
    .refine((tag) => normalizeLanguage(tag) !== null, 'expected a language tag such as "en", "ru" or "zh"')
    .nullish(),
  country: z
    .string({ error: 'expected an ISO 3166 alpha-2 country code such as "RU" or "CN"' })
    .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166 alpha-2 country code such as "RU" or "CN"')
    .transform((code) => code.toUpperCase())
    .nullish(),
  /** GDELT's document tone (GKG V1.5TONE), kept beside the model's sentiment. */
  gdeltTone: z.number({ error: 'expected a number' }).finite().nullish(),
  /** 'indexed' when the date is the archive's indexing date, not the outlet's (Media Cloud without publish_date). */
  publishedAtSource: z
    .enum(['published', 'indexed'], { error: 'expected "published" or "indexed"' })
    .nullish(),
});

type ImportLine = z.infer<typeof importLineSchema>;

export class ArticleImporter {
  constructor(private readonly deps: ArticleImportDeps) {}

  /**
   * `origin`: the door the import came through (its feeds are marked with it); `unreadable`: lines
   * the caller could not even parse (bad JSON), reported with the rest; `skipped`: records the format
   * reader passed over on purpose (counted as received, neither imported nor rejected).
   */
  async import(
    records: ImportRecord[],
    origin: FeedOrigin,
    unreadable: ImportRejection[] = [],
    skipped = 0,
  ): Promise<ImportResult> {
    const result = emptyImportResult();
    result.received = records.length + unreadable.length + skipped;
    result.skipped = skipped;
    result.rejected.push(...unreadable);
    const valid: { line: number; value: ImportLine }[] = [];
    for (const record of records) {
      const parsed = importLineSchema.safeParse(record.value);
      if (parsed.success) valid.push({ line: record.line, value: parsed.data });
      else result.rejected.push({ line: record.line, reason: describe(parsed.error) });
    }
    const fetchedAt = (this.deps.now ?? (() => new Date()))();
    for (const line of valid) {
      if (new Date(line.value.publishedAt).getTime() - fetchedAt.getTime() > MAX_FUTURE_MS)
        result.rejected.push({ line: line.line, reason: 'publishedAt: more than a day in the future' });
    }
    const rejectedLines = new Set(result.rejected.map((r) => r.line));
    const accepted = valid.filter((line) => !rejectedLines.has(line.line));
    const newRelevant: Record<string, number[]> = {};
    const feedIds = new Map<string, number>();
    for (const [outlet, lines] of groupByOutlet(accepted)) {
      for (let start = 0; start < lines.length; start += CHUNK) {
        const chunk = lines.slice(start, start + CHUNK);
        const feedId = await this.store(outlet, chunk, { fetchedAt, origin }, result, newRelevant);
        feedIds.set(outlet, feedId);
      }
    }
    result.feeds = [...feedIds].map(([outlet, feedId]) => ({ outlet, feedId }));
    result.rejected.sort((a, b) => a.line - b.line);
    result.classifyJobs = await this.queue(newRelevant);
    return result;
  }

  private async store(
    outlet: string,
    lines: { line: number; value: ImportLine }[],
    { fetchedAt, origin }: { fetchedAt: Date; origin: FeedOrigin },
    result: ImportResult,
    newRelevant: Record<string, number[]>,
  ): Promise<number> {
    return this.deps.db.transaction(async (client) => {
      const language = lines.map((l) => normalizeLanguage(l.value.language)).find(Boolean) ?? 'und';
      const country = lines.map((l) => l.value.country).find(Boolean) ?? null;
      const feed = await this.deps.feeds.ensureImportFeed(
        client,
        outlet,
        language,
        origin,
        this.deps.pollIntervalSec,
        country,
      );
      countDisagreements(result, outlet, feed, lines);
      // The upsert holds the feed's row lock until commit: as in a poll, the rollup refresh is serialised per feed.
      const document: FeedDocument = {
        feed: {
          title: null,
          link: null,
          language: null,
          ttlMinutes: null,
          encoding: 'utf-8',
          format: 'import',
        },
        items: lines.map((l) => feedItem(l.value)),
      };
      const { drafts, unstorable } = articleDrafts(document, feed.id, fetchedAt, this.deps.lenses);
      for (const { index, reason } of unstorable) result.rejected.push({ line: lines[index].line, reason });
      const stored = await this.deps.articles.ingestAll(client, drafts);
      const fresh: number[] = [];
      stored.forEach(({ outcome, articleId }, index) => {
        if (outcome !== 'new') {
          result.duplicates += 1;
          return;
        }
        fresh.push(articleId);
        result.imported += 1;
        const lenses = Object.keys(drafts[index].relevance);
        if (lenses.length) result.relevant += 1;
        for (const lens of lenses) {
          (newRelevant[lens] ??= []).push(articleId);
          result.relevantByLens[lens] = (result.relevantByLens[lens] ?? 0) + 1;
        }
      });
      await this.deps.rollups.refreshVolume(client, fresh);
      return feed.id;
    });
  }

  /** The articles are stored whatever happens here: a backlog sweep queues relevant articles left unscored. */
  private async queue(newRelevant: Record<string, number[]>): Promise<number | null> {
    let jobs = 0;
    try {
      for (const [lens, ids] of Object.entries(newRelevant))
        jobs += await this.deps.classify.enqueue(lens, ids);
      return jobs;
    } catch {
      return null;
    }
  }
}

/** The record as a feed item, normalised as the feed parser normalises items. */
function feedItem(line: ImportLine): FeedItem {
  const title = capText(htmlToText(line.title), TITLE_LIMIT);
  const summary = capText(htmlToText(line.summary), SUMMARY_LIMIT);
  const url = line.url.trim();
  return {
    guid: null,
    url,
    canonicalUrl: canonicalUrl(url),
    title,
    summary,
    author: null,
    publishedAt: new Date(line.publishedAt),
    publishedAtSource: line.publishedAtSource ?? 'published',
    categories: [],
    language:
      normalizeLanguage(line.language) ?? languageFromScript([title, summary].filter(Boolean).join(' ')),
    gdeltTone: line.gdeltTone ?? null,
  };
}

/**
 * An outlet's feed keeps the first country and language it was given (or the registry's, when the
 * outlet is also polled); each record that says otherwise is counted, so a mixed export shows.
 */
function countDisagreements(
  result: ImportResult,
  outlet: string,
  feed: { country: string; language: string },
  lines: { value: ImportLine }[],
): void {
  const differing = { country: 0, language: 0 };
  for (const { value } of lines) {
    const language = normalizeLanguage(value.language);
    if (value.country && feed.country !== 'ZZ' && value.country !== feed.country) differing.country += 1;
    if (language && feed.language !== 'und' && language !== feed.language) differing.language += 1;
  }
  for (const field of ['country', 'language'] as const) {
    if (differing[field] > 0)
      addDisagreement(result.disagreements, { outlet, field, kept: feed[field], count: differing[field] });
  }
}

function addDisagreement(into: ImportDisagreement[], part: ImportDisagreement): void {
  const same = into.find((d) => d.outlet === part.outlet && d.field === part.field);
  if (same) same.count += part.count;
  else into.push({ ...part });
}

/** Records without an outlet are filed under their URL's host ("tass.com" for https://www.tass.com/...). */
function groupByOutlet(lines: { line: number; value: ImportLine }[]) {
  const groups = new Map<string, { line: number; value: ImportLine }[]>();
  for (const line of lines) {
    const outlet = line.value.outlet ?? new URL(line.value.url.trim()).hostname.replace(/^www\./, '');
    const group = groups.get(outlet);
    if (group) group.push(line);
    else groups.set(outlet, [line]);
  }
  return groups;
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function emptyImportResult(): ImportResult {
  return {
    received: 0,
    imported: 0,
    duplicates: 0,
    skipped: 0,
    relevant: 0,
    relevantByLens: {},
    rejected: [],
    classifyJobs: 0,
    feeds: [],
    disagreements: [],
  };
}

function appendAll<T>(into: T[], items: T[]): T[] {
  for (const item of items) into.push(item);
  return into;
}

/** Adds one chunk's result to a running total (the CLI imports a large file in chunks). */
export function addImportResults(total: ImportResult, part: ImportResult): ImportResult {
  const relevantByLens = { ...total.relevantByLens };
  for (const [lens, n] of Object.entries(part.relevantByLens))
    relevantByLens[lens] = (relevantByLens[lens] ?? 0) + n;
  const feeds = new Map(total.feeds.map((f) => [f.outlet, f.feedId]));
  for (const f of part.feeds) feeds.set(f.outlet, f.feedId);
  return {
    received: total.received + part.received,
    imported: total.imported + part.imported,
    duplicates: total.duplicates + part.duplicates,
    skipped: total.skipped + part.skipped,
    relevant: total.relevant + part.relevant,
    relevantByLens,
    // Appended in place: a file of a million bad lines would otherwise be copied once per chunk.
    rejected: appendAll(total.rejected, part.rejected),
    classifyJobs:
      total.classifyJobs === null || part.classifyJobs === null
        ? null
        : total.classifyJobs + part.classifyJobs,
    feeds: [...feeds].map(([outlet, feedId]) => ({ outlet, feedId })),
    disagreements: part.disagreements.reduce((into, d) => {
      addDisagreement(into, d);
      return into;
    }, total.disagreements),
  };
}
