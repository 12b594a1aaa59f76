import { Command, CommanderError, Option } from 'commander';
// The vocabulary entries, not the indexes: every command (and --help) reads the options first.
import { ALERT_METRICS, CONDITIONS, EVENT_TYPES, OPERATORS } from '../../../libs/alerts/src/vocabulary.js';
import { API_SCOPES } from '../../../libs/db/src/vocabulary.js';
import { FEED_KIND_VALUES, IMPORT_FORMATS } from '../../../libs/feeds/src/vocabulary.js';
import { SAMPLE_STRATA } from '../../../libs/scoring/src/vocabulary.js';
import type { CliContext } from './cli-context.js';
import { CommandError, UsageError, type CliIo } from './cli-io.js';

type Action = (ctx: CliContext) => Promise<number>;

// Commands load their modules when they run, so `feed parse` does not pay for NestJS, BullMQ and pg.
const feedsCommands = () => import('./commands/feeds.js');
const feedListCommands = () => import('./commands/feed-lists.js');
const migrateCommands = () => import('./commands/migrate.js');

/**
 * Builds the `stancewatch` command. Exit status: 0 success, 1 the work failed, 2 a usage error;
 * errors are one line on stderr (the stack only with --verbose).
 */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  let ctx: CliContext | undefined;
  const program = new Command('stancewatch')
    .description('Stance and sentiment monitoring for news about Russia–China relations')
    .option('--verbose', 'print stack traces of errors')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  const run = (action: Action) => async () => {
    try {
      const { CliContext } = await import('./cli-context.js');
      ctx = new CliContext();
      setExitCode(await action(ctx));
    } catch (error) {
      setExitCode(reportError(error, io, Boolean(program.opts().verbose)));
    } finally {
      await ctx?.close();
    }
  };

  program
    .command('migrate')
    .description('apply pending database migrations (safe to run twice, and from several processes)')
    .option('--seed', 'also load the feed registry from config/feeds.json')
    .action((opts) => run(async (c) => (await migrateCommands()).migrate(c, opts, io))());

  program
    .command('start')
    .description('run the API and the worker in this process (migrates first); Ctrl-C stops')
    .option('--api', 'only the API')
    .option('--worker', 'only the worker')
    .action((opts) => run(async (c) => (await import('./commands/start.js')).start(c, opts, io))());

  program
    .command('demo')
    .description(
      'run the whole service on bundled demo feeds with the built-in model (own database and queue prefix); Ctrl-C stops',
    )
    .option('--port <port>', 'the API and dashboard port (default 3000)')
    .option(
      '--feeds-port <port>',
      'the local replay server of the demo feeds; the alert receiver takes the next port (default 8797)',
    )
    .option(
      '--database <name>',
      'the demo database on the PostgreSQL server of DATABASE_URL (default stancewatch_demo)',
    )
    .option('--reset', 'drop the demo database and its Redis keys first')
    .action((opts) => run(async (c) => (await import('./commands/demo.js')).demo(c, opts, io))());

  program
    .command('seed')
    .description('load config/feeds.json into the feed registry (keeps what operators changed)')
    .action(() => run(async (c) => (await migrateCommands()).seed(c, io))());

  const feed = program.command('feed').description('work with one feed document');
  feed
    .command('parse')
    .description('parse feed files or URLs and print what stancewatch would store')
    .argument('<file-or-url...>', 'feed files or http(s) URLs')
    .option('--json', 'print JSON (one object, or one line per input when given several)')
    .action((inputs: string[], opts) =>
      run(async (c) => {
        const { runFeedParse } = await import('./commands/feed-parse.js');
        return runFeedParse(
          inputs,
          { json: Boolean(opts.json) },
          { ...io, fetchUrl: (url: string) => fetchForParse(c, url) },
        );
      })(),
    );

  const feeds = program.command('feeds').description('the feed registry');
  feeds
    .command('list')
    .description('list feeds with their health and next poll')
    .option('--json', 'one JSON object per line')
    .option('--enabled', 'only enabled feeds')
    .action((opts) => run(async (c) => (await feedsCommands()).listFeeds(c, opts, io))());
  feeds
    .command('add')
    .description('register a feed, or the feed a site page announces (<link rel="alternate">, Link header)')
    .argument('<url>', 'the feed URL, or a page of the site (http or https)')
    .requiredOption('--outlet <name>', 'the outlet, e.g. "TASS"')
    .option('--country <code>', 'ISO 3166-1 alpha-2 code of the outlet, or INT (default: unknown)')
    .option(
      '--language <code>',
      'en, ru, zh or another ISO 639-1 code (default: unknown, then the language the feed declares)',
    )
    .addOption(
      new Option('--kind <kind>', 'kind of outlet (default: unknown)').choices([...FEED_KIND_VALUES]),
    )
    .option('--title <title>', 'a display title')
    .option('--pick <n>', 'when URL is a page announcing several feeds: register the n-th (from 1) it lists')
    .option('--json', 'print the stored feed as JSON (the candidates, one per line, when there are several)')
    .action((url: string, opts) => run(async (c) => (await feedsCommands()).addFeed(c, url, opts, io))());
  feeds
    .command('import')
    .description("register the feeds of an OPML file (any feed reader's export) or a feeds.json")
    .argument('<file>', 'an OPML 1.0/1.1/2.0 file, or a JSON array of feeds like config/feeds.json')
    .option('--dry-run', 'report what would be added, change nothing')
    .option('--json', 'one JSON object per feed: url, title, category, status, error')
    .option('--country <code>', 'country of the feeds whose entry gives none (ISO 3166-1 alpha-2, or INT)')
    .option('--language <code>', 'language of the feeds whose entry gives none')
    .addOption(
      new Option('--kind <kind>', 'kind of the feeds whose entry gives none').choices([...FEED_KIND_VALUES]),
    )
    .action((file: string, opts) =>
      run(async (c) => (await feedListCommands()).importFeeds(c, file, opts, io))(),
    );
  feeds
    .command('export')
    .description(
      'write the feed registry to standard output, as OPML 2.0 (any feed reader imports it) or feeds.json',
    )
    .addOption(new Option('--format <format>', 'opml or json').choices(['opml', 'json']).default('opml'))
    .action((opts) => run(async (c) => (await feedListCommands()).exportFeeds(c, opts, io))());
  feeds
    .command('disable')
    .argument('<id>')
    .description('stop polling a feed (its articles stay)')
    .action((id: string) => run(async (c) => (await feedsCommands()).setFeedEnabled(c, id, false, io))());
  feeds
    .command('enable')
    .argument('<id>')
    .description('resume polling a feed now')
    .action((id: string) => run(async (c) => (await feedsCommands()).setFeedEnabled(c, id, true, io))());
  feeds
    .command('poll')
    .argument('<id>')
    .description('poll a feed now, in this process, and print what happened')
    .option('--queue', 'queue the poll for the running worker instead')
    .option('--json', 'print the poll report as JSON')
    .action((id: string, opts) => run(async (c) => (await feedsCommands()).pollFeed(c, id, opts, io))());
  feeds
    .command('history')
    .argument('<id>')
    .description('the latest polls of a feed: outcomes, errors and the backoff that followed')
    .option('--json', 'one JSON object per line')
    .action((id: string, opts) => run(async (c) => (await feedsCommands()).feedHistory(c, id, opts, io))());

  const keys = program
    .command('keys')
    .description('API keys (stored hashed; scopes read, annotate and admin)');
  keys
    .command('create')
    .description('create an API key and print it once')
    .requiredOption('--name <name>', 'who or what uses the key, e.g. "dashboard"')
    .addOption(
      new Option('--scope <scope>', 'what the key may do').choices([...API_SCOPES]).makeOptionMandatory(),
    )
    .option('--json', 'print the key and its record as JSON')
    .action((opts) => run(async (c) => (await import('./commands/keys.js')).createKey(c, opts, io))());
  keys
    .command('list')
    .description('list keys (never the keys themselves): scopes, creation, last use, revocation')
    .option('--json', 'one JSON object per line')
    .action((opts) => run(async (c) => (await import('./commands/keys.js')).listKeys(c, opts, io))());
  keys
    .command('revoke')
    .argument('<id>')
    .description('revoke a key; requests with it are refused from then on')
    .option('--json', 'print the revoked key as JSON')
    .action((id: string, opts) =>
      run(async (c) => (await import('./commands/keys.js')).revokeKey(c, id, opts, io))(),
    );

  const webhooksCommands = () => import('./commands/webhooks.js');
  const webhooks = program
    .command('webhooks')
    .description('webhook endpoints (Standard Webhooks signatures) and their deliveries');
  webhooks
    .command('add')
    .argument('<url>', 'the http(s) URL events are POSTed to')
    .description('register an endpoint and print its signing secret, this once')
    .option('--events <types>', `comma-separated: ${EVENT_TYPES.join(', ')} (default: all)`)
    .option('--slack', 'send a Slack-compatible {"text": ...} body')
    .option('--description <text>', 'what the endpoint is for')
    .option('--json', 'print exactly {"id", "secret"}')
    .action((url: string, opts) =>
      run(async (c) => (await webhooksCommands()).addWebhook(c, url, opts, io))(),
    );
  webhooks
    .command('list')
    .description('list endpoints (never their secrets)')
    .option('--json', 'one JSON object per line')
    .action((opts) => run(async (c) => (await webhooksCommands()).listWebhooks(c, opts, io))());
  webhooks
    .command('test')
    .argument('<id>', 'the endpoint id')
    .description('queue a test event for the running worker to deliver')
    .option('--json', 'print {"deliveryId", "eventId"}')
    .action((id: string, opts) =>
      run(async (c) => (await webhooksCommands()).testWebhook(c, id, opts, io))(),
    );
  webhooks
    .command('deliveries')
    .argument('<id>', 'the endpoint id')
    .description('the latest deliveries: status, attempts, last status code and error, next attempt')
    .option('--limit <n>', 'how many (default 20, at most 200)')
    .option('--json', 'one JSON object per line')
    .action((id: string, opts) =>
      run(async (c) => (await webhooksCommands()).listDeliveries(c, id, opts, io))(),
    );
  webhooks
    .command('redeliver')
    .argument('<delivery-id>', 'a delivery id from `webhooks deliveries`')
    .description('send a delivery again with the same webhook-id and body (delivered ones too)')
    .option('--json', 'print the delivery as JSON')
    .action((id: string, opts) => run(async (c) => (await webhooksCommands()).redeliver(c, id, opts, io))());

  const alertsCommands = () => import('./commands/alerts.js');
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  const alerts = program.command('alerts').description('alert rules and the events they fired');
  alerts
    .command('add')
    .description(
      'create a rule: a metric over a trailing window against a threshold or its baseline, or a new term',
    )
    .requiredOption('--name <name>', 'what the rule watches, e.g. "critical share of state media"')
    .option('--lens <name>', 'the lens (default: the default lens)')
    .option('--model <id>', 'the stance model whose scores are read (default: NLI_MODEL)')
    .option('--outlet <name>', 'only this outlet (repeatable)', collect)
    .option('--country <code>', 'only outlets of this country (repeatable)', collect)
    .option('--language <code>', 'only feeds in this language (repeatable)', collect)
    .option('--kind <kind>', 'only this kind of outlet (repeatable)', collect)
    .addOption(new Option('--metric <metric>', 'what is measured').choices([...ALERT_METRICS]))
    .requiredOption('--window <duration>', 'the trailing window, e.g. 6h, 24h, 90m')
    .addOption(
      new Option(
        '--condition <condition>',
        'compare with a fixed value or with the trailing baseline',
      ).choices([...CONDITIONS]),
    )
    .addOption(
      new Option('--operator <op>', 'threshold: above|below; baseline: above|below|either').choices([
        ...OPERATORS,
      ]),
    )
    .option('--value <number>', 'the threshold')
    .option('--k <number>', 'baseline: standard deviations from the baseline mean')
    .option(
      '--baseline-days <days>',
      'baseline: the trailing period; new term: how long the phrase must have been absent',
    )
    .option('--min-articles <n>', 'scored articles the window needs to have a value (default 1)')
    .option('--phrase <text>', 'a new-term rule: fires when this phrase first appears in relevant articles')
    .option('--repeat <duration>', 'send again while firing after this long (default 4h)')
    .option('--cooldown <duration>', 'after a resolve, do not fire again for this long (default 1h)')
    .option('--disabled', 'create it disabled')
    .option('--json', 'print the stored rule as JSON')
    .action((opts) => run(async (c) => (await alertsCommands()).addRule(c, opts, io))());
  alerts
    .command('list')
    .description('list alert rules')
    .option('--json', 'one JSON object per line')
    .action((opts) => run(async (c) => (await alertsCommands()).listRules(c, opts, io))());
  alerts
    .command('events')
    .description('the latest alert events, newest first, with their numbers and article links')
    .option('--rule <id>', 'only this rule')
    .option('--status <status>', 'firing or resolved')
    .option('--limit <n>', 'how many (default 20, at most 200)')
    .option('--json', 'one JSON object per line')
    .action((opts) => run(async (c) => (await alertsCommands()).listEvents(c, opts, io))());
  alerts
    .command('evaluate')
    .description(
      'evaluate every enabled rule now, store and dispatch the events, and print what fired or resolved',
    )
    .option('--at <date-time>', 'evaluate as of this instant (ISO 8601) instead of now')
    .option('--json', 'print the evaluation report as JSON')
    .action((opts) => run(async (c) => (await alertsCommands()).evaluateNow(c, opts, io))());

  const models = program.command('models').description('the stance and sentiment models');
  models
    .command('pull')
    .description(
      'download the configured models into MODEL_CACHE_DIR (or generate the built-in one) ahead of time',
    )
    .option('--model <id>', 'pull this NLI model instead of the configured ones')
    .option('--encoder [id]', 'pull the sentence encoder train uses instead (default: TRAIN_ENCODER)')
    .option('--json', 'one JSON object per model')
    .action((opts) => run(async (c) => (await import('./commands/models.js')).pullModels(c, opts, io))());

  program
    .command('reclassify')
    .description(
      'score relevant articles with another model, keeping the scores they have beside the new ones',
    )
    .requiredOption('--lens <name>', 'the lens')
    .requiredOption(
      '--model <id>',
      'the NLI model: a Hugging Face id, a folder under MODEL_LOCAL_DIR, builtin, or a trained classifier (trained/NAME)',
    )
    .option('--since <date>', 'only articles published since this date (ISO 8601)')
    .option('--queue', 'queue the work for the classify workers instead of doing it here')
    .option('--json', 'print the summary as JSON')
    .action((opts) => run(async (c) => (await import('./commands/reclassify.js')).reclassify(c, opts, io))());

  program
    .command('rollups')
    .description('trend rollups')
    .command('rebuild')
    .description('recompute the trend and volume rollups from the raw rows')
    .option('--since <date>', 'only from this date on (ISO 8601)')
    .option('--json', 'print the summary as JSON')
    .action((opts) =>
      run(async (c) => (await import('./commands/rollups.js')).rebuildRollups(c, opts, io))(),
    );

  program
    .command('import')
    .description(
      'back-fill articles from an export (JSON Lines, GDELT DOC or GKG, Media Cloud CSV, any CSV), as if ' +
        'polled: relevance, de-duplication, classification',
    )
    .requiredOption(
      '--file <path>',
      'the export; JSON Lines are {"url", "title", "summary"?, "publishedAt", "outlet"?, "language"?, "country"?}; ' +
        "a .zip holding one file (GDELT's .gkg.csv.zip) is read unzipped",
    )
    .addOption(
      new Option('--format <format>', 'the export format; auto detects it from the content')
        .choices([...IMPORT_FORMATS])
        .default('auto'),
    )
    .option(
      '--map <pairs>',
      'for a CSV: the column of each field, e.g. url=link,title=headline,publishedAt=date',
    )
    .option('--json', 'print the result as one JSON object')
    .action((opts) => run(async (c) => (await import('./commands/import.js')).importArticles(c, opts, io))());

  program
    .command('export')
    .description(
      "a lens's relevant articles with their scores per model and gold labels, oldest first, for pandas, R " +
        'and DuckDB: one row per article and model, streamed page by page',
    )
    .option('--lens <name>', 'the lens (default: the configured default lens)')
    .option('--since <date>', 'articles published from this date on (ISO 8601, inclusive)')
    .option('--until <date>', 'articles published before this date (ISO 8601, exclusive)')
    .addOption(
      new Option('--format <format>', 'the file format')
        .choices(['csv', 'ndjson', 'parquet'])
        .makeOptionMandatory(),
    )
    .option('--out <file>', 'write to this file instead of stdout (required for parquet)')
    .option(
      '--bom',
      'start a CSV with a UTF-8 byte-order mark, so that Excel reads Cyrillic and Chinese right',
    )
    .action((opts) => run(async (c) => (await import('./commands/export.js')).exportArticles(c, opts, io))());

  const labelsCommands = () => import('./commands/labels.js');
  const labels = program
    .command('labels')
    .description("gold labels: annotators' stance labels of articles, samples to label, agreement");
  labels
    .command('import')
    .description("store labels from a JSON Lines file (an annotator's later label replaces theirs)")
    .requiredOption(
      '--file <path>',
      'lines {"url" or "articleId", "label", "lens"?, "annotator"?, "note"?}, as `labels export` writes them',
    )
    .option('--annotator <name>', 'who labelled, for lines without an "annotator"')
    .option('--json', 'print the result as one JSON object')
    .action((opts) => run(async (c) => (await labelsCommands()).importLabels(c, opts, io))());
  labels
    .command('export')
    .description('every label, newest first: JSON Lines that `labels import` reads back, or CSV')
    .option('--lens <name>', 'only labels for this lens')
    .option('--annotator <name>', "only this annotator's labels")
    .option('--csv', 'CSV with the columns of GET /api/v1/labels')
    .option('--out <file>', 'write to this file instead of stdout')
    .action((opts) => run(async (c) => (await labelsCommands()).exportLabels(c, opts, io))());
  labels
    .command('sample')
    .description('a reproducible random sample of scored articles the annotator has not labelled yet')
    .requiredOption('--annotator <name>', 'whose labels take articles out of the sample')
    .option('--lens <name>', 'the lens (default: the default lens)')
    .option('--model <id>', 'the stance model whose scored articles are drawn (default: NLI_MODEL)')
    .option('--n <count>', 'how many articles (default 100, at most 1000)')
    .option('--seed <text>', 'the same seed draws the same articles again (default: a new one, printed)')
    .addOption(
      new Option('--stratify <by>', 'draw from each group in proportion to its size').choices([
        ...SAMPLE_STRATA,
      ]),
    )
    .option('--json', 'print one JSON object {sample, articles}, as GET /api/v1/labels/sample')
    .action((opts) => run(async (c) => (await labelsCommands()).sampleArticles(c, opts, io))());
  labels
    .command('summary')
    .description("a lens's gold labels per class and language, the disputed ones, and Krippendorff's alpha")
    .option('--lens <name>', 'the lens (default: the default lens)')
    .option('--json', 'print one JSON object, as GET /api/v1/labels/summary')
    .action((opts) => run(async (c) => (await labelsCommands()).summariseLensLabels(c, opts, io))());

  program
    .command('relevance')
    .description('tell whether texts are relevant to a lens, and which terms matched')
    .argument('[text]', 'the text to check')
    .option('--file <path>', 'a JSON Lines file whose lines have a "text" field')
    .option('--lens <name>', 'the lens (default: the default lens)')
    .action((text: string | undefined, opts) =>
      run(async (c) => {
        if (!text && !opts.file) throw new UsageError('give a TEXT or --file F.jsonl');
        const { runRelevance } = await import('./commands/relevance.js');
        return runRelevance({ text, file: opts.file, lens: opts.lens, lensesPath: c.config.lensesFile }, io);
      })(),
    );

  program
    .command('classify')
    .description('score the stance, sentiment and framing of texts: one JSON line per text')
    .argument('[text]', 'the text to score')
    .option('--file <path>', 'a JSON Lines file whose lines have a "text" field (and optionally "language")')
    .option('--lens <name>', 'the lens (default: the default lens)')
    .option(
      '--model <id>',
      'the NLI model, "builtin" for the built-in models (no network), or a trained classifier (trained/NAME)',
    )
    .action((text: string | undefined, opts) =>
      run(async (c) =>
        (await import('./commands/classify.js')).runClassify(c.config, { text, ...opts }, io),
      )(),
    );

  program
    .command('eval')
    .description(
      'accuracy, macro-F1 and the confusion matrix: of a labelled JSON Lines file scored now (--file), or of ' +
        "a model's stored scores against the stored gold labels (--labels), per language and kind",
    )
    .option('--file <path>', 'lines {"text", "label"} with label supportive, neutral or critical')
    .option('--labels', 'validate stored scores against the stored gold labels (as GET /api/v1/validation)')
    .option('--lens <name>', 'the lens (default: the default lens)')
    .option(
      '--model <id>',
      'with --file: the NLI model, "builtin" (no network) or trained/NAME; with --labels: whose stored scores (default: NLI_MODEL)',
    )
    .option('--annotator <name>', "with --labels: this annotator's labels alone")
    .option('--json', 'print one JSON object instead of tables')
    .action((opts) =>
      run(async (c) => {
        if (Boolean(opts.file) === Boolean(opts.labels))
          throw new UsageError(
            'give either --file PATH (score a labelled file) or --labels (the stored gold labels)',
          );
        if (opts.labels) return (await import('./commands/eval-labels.js')).runEvalOnLabels(c, opts, io);
        if (opts.annotator) throw new UsageError('--annotator goes with --labels');
        return (await import('./commands/eval.js')).runEval(c.config, opts, io);
      })(),
    );

  program
    .command('train')
    .description(
      'train a stance classifier from the gold labels (or a labelled file) on a frozen sentence encoder: ' +
        'cross-validated macro-F1 per language beside the zero-shot model, written to MODEL_LOCAL_DIR/trained/NAME',
    )
    .option('--lens <name>', 'the lens (default: the default lens)')
    .option('--name <name>', 'the classifier becomes trained/NAME')
    .option(
      '--encoder <id>',
      'the sentence encoder: a Hugging Face id, a folder under MODEL_LOCAL_DIR, or builtin (default: TRAIN_ENCODER)',
    )
    .option(
      '--file <path>',
      'train on lines {"text", "label", "language"?} instead of the stored gold labels',
    )
    .option('--annotator <name>', "train on this annotator's labels alone (default: the majority)")
    .option('--folds <k>', 'cross-validation folds (default 5)')
    .option('--seed <text>', 'the seed of the folds (default stancewatch)')
    .option(
      '--baseline <id>',
      'the zero-shot model to compare with: an NLI model, builtin, or none (default: NLI_MODEL)',
    )
    .option('--json', 'print one JSON object instead of tables')
    .action((opts) => run(async (c) => (await import('./commands/train.js')).runTrain(c, opts, io))());

  return program;
}

async function fetchForParse(ctx: CliContext, url: string) {
  const { fetchFeed } = await import('../../../libs/feeds/src/index.js');
  const { AddressGuard } = await import('../../../libs/http/src/index.js');
  const outcome = await fetchFeed(url, null, ctx.config.fetch, new AddressGuard(ctx.config.fetch.allowCidrs));
  if (outcome.kind !== 'fetched')
    throw new CommandError(`${url} answered 304 Not Modified to an unconditional request`);
  return { bytes: outcome.body, contentType: outcome.contentType, url: outcome.finalUrl };
}

export function reportError(error: unknown, io: CliIo, verbose: boolean): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  const message = explain(error);
  io.stderr.write(`stancewatch: ${message.split('\n')[0]}\n`);
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  if (error instanceof UsageError) return 2;
  return 1;
}

/** Turns the errors an operator meets first into what to do about them. */
function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string })?.code;
  if (code === '3D000') return `${message}: run \`npx stancewatch migrate\` to create and migrate it`;
  // 42P01 is also a query's own mistake ("missing FROM-clause entry"): only a missing table means unmigrated.
  if (code === '42P01' && /^relation "[^"]+" does not exist/.test(message))
    return `${message}: the database is not migrated yet; run \`npx stancewatch migrate\``;
  if (code === 'ECONNREFUSED') return `${message}: is the server running? (check DATABASE_URL / REDIS_URL)`;
  return message;
}
