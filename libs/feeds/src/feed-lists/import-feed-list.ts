import { feedEntrySchema } from '../feed-registry-file.js';
import {
  FeedConflictError,
  type FeedRegistry,
  type ScheduleFailureHandler,
} from '../registry/feed-registry.js';
import type { FeedOrigin } from '../repositories/feed.repository.js';
import type { FeedListEntry } from './feed-list-entry.js';

export type FeedImportStatus = 'added' | 'exists' | 'would-add' | 'rejected';

/** One line of the report of `feeds import` and `POST /api/v1/feeds/import`, one per feed of the file. */
export interface FeedImportLine {
  url: string;
  title: string | null;
  category: string | null;
  status: FeedImportStatus;
  error?: string;
}

/** What applies to the entries that do not say it themselves (the command's flags). */
export interface FeedImportDefaults {
  country?: string;
  language?: string;
  kind?: string;
}

export interface FeedImportOptions {
  defaults: FeedImportDefaults;
  dryRun: boolean;
  origin: FeedOrigin;
  onScheduleFailure?: ScheduleFailureHandler;
}

/**
 * Registers the feeds of a list file one by one: each is checked by the registry's own rules and
 * reported as added, already registered, would be added (a dry run changes nothing) or rejected with
 * the reason. An entry's own country, language and kind win over the defaults; what neither gives is
 * stored as unknown (a poll then learns the language the feed declares).
 */
export async function importFeedList(
  registry: FeedRegistry,
  entries: readonly FeedListEntry[],
  options: FeedImportOptions,
): Promise<FeedImportLine[]> {
  const lines: FeedImportLine[] = [];
  const seen = new Map<string, number>();
  for (const [index, entry] of entries.entries()) {
    const line: FeedImportLine = {
      url: entry.url,
      title: entry.title ?? null,
      category: entry.category ?? null,
      status: 'rejected',
    };
    lines.push(line);
    const checked = checkEntry(entry);
    if ('error' in checked) {
      line.error = checked.error;
      continue;
    }
    const key = new URL(checked.feed.url).href;
    const first = seen.get(key);
    if (first !== undefined) {
      line.error = `a second outline for the feed of entry ${first + 1}; the first is imported`;
      continue;
    }
    seen.set(key, index);
    if (options.dryRun) {
      line.status = (await registry.findByUrl(checked.feed.url)) ? 'exists' : 'would-add';
      continue;
    }
    try {
      await registry.register(checked.feed, options.origin, options.onScheduleFailure);
      line.status = 'added';
    } catch (error) {
      if (!(error instanceof FeedConflictError)) throw error;
      line.status = 'exists';
    }
  }
  return lines;

  function checkEntry(entry: FeedListEntry) {
    if (entry.problem) return { error: entry.problem };
    if (/^[a-z][a-z0-9+.-]*:\/\/\*\*\*@/i.test(entry.url)) {
      return {
        error:
          'the URL\'s credentials were masked ("***") when the list was exported; add this feed with `stancewatch feeds add` and its real URL',
      };
    }
    const fields = {
      country: entry.country ?? options.defaults.country,
      language: entry.language ?? options.defaults.language,
      kind: entry.kind ?? options.defaults.kind,
    };
    const parsed = feedEntrySchema.safeParse({
      url: entry.url,
      title: entry.title,
      outlet: entry.outlet ?? entry.title ?? hostOf(entry.siteUrl) ?? hostOf(entry.url) ?? entry.url,
      ...fields,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { error: `${issue.path.join('.') || 'entry'}: ${issue.message}` };
    }
    return { feed: parsed.data };
  }
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}
