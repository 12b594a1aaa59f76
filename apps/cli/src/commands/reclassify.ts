import { modelIdFor } from '../../../../libs/nlp/src/index.js';
import { ClassifyProducer } from '../../../../libs/queue/src/index.js';
import { ArticleClassifier, ScoreRepository } from '../../../../libs/scoring/src/index.js';
import type { CliContext } from '../cli-context.js';
import { UsageError, printJson, type CliIo } from '../cli-io.js';

const BATCHES_PER_QUERY = 20;

/**
 * Scores relevant articles with another model, beside the scores they have: a new row per article,
 * lens and model. In this process with progress on stderr, or queued for the classify workers.
 */
export async function reclassify(
  ctx: CliContext,
  opts: { lens: string; model: string; since?: string; queue?: boolean; json?: boolean },
  io: CliIo,
): Promise<number> {
  const lenses = ctx.lenses;
  if (!lenses.find(opts.lens)) {
    throw new UsageError(`unknown lens "${opts.lens}"; available: ${lenses.names.join(', ')}`);
  }
  const since = opts.since ? parseSince(opts.since) : null;
  const modelId = modelIdFor(opts.model, 'nli');
  const batchSize = ctx.config.models.batchSize;
  const started = Date.now();
  const totals = { articles: 0, scored: 0, queuedJobs: 0 };

  if (opts.queue) {
    const ids = await new ScoreRepository(ctx.db).backlog(opts.lens, [modelId], { since, limit: 1_000_000 });
    totals.articles = ids.length;
    totals.queuedJobs = await (await ctx.service(ClassifyProducer)).enqueue(opts.lens, ids, opts.model);
  } else {
    // The worker's classifier and models (its ClassifyModule), here in this process.
    const classifier = await ctx.service(ArticleClassifier, { classify: true });
    for (;;) {
      const ids = await new ScoreRepository(ctx.db).backlog(opts.lens, [modelId], {
        since,
        limit: batchSize * BATCHES_PER_QUERY,
      });
      if (ids.length === 0) break;
      for (let start = 0; start < ids.length; start += batchSize) {
        const report = await classifier.classify(ids.slice(start, start + batchSize), opts.lens, opts.model);
        totals.articles += report.requested;
        totals.scored += report.scored;
        io.stderr.write(
          `reclassify: ${totals.scored} articles scored with ${modelId} (${Math.round((Date.now() - started) / 1000)} s)\n`,
        );
      }
    }
  }
  const summary = {
    lens: opts.lens,
    model: modelId,
    since: since?.toISOString() ?? null,
    ...totals,
    seconds: (Date.now() - started) / 1000,
  };
  if (opts.json) printJson(io, summary);
  else
    io.stdout.write(
      opts.queue
        ? `queued ${totals.articles} articles in ${totals.queuedJobs} jobs for ${modelId}\n`
        : `scored ${totals.scored} articles with ${modelId} in ${summary.seconds.toFixed(1)} s; earlier scores are kept beside them\n`,
    );
  return 0;
}

function parseSince(text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`--since must be a date such as 2025-01-31 or 2025-01-31T12:00:00Z, got "${text}"`);
  return date;
}
