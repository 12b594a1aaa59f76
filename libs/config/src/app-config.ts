import { resolve } from 'node:path';
import { environmentSchema } from './config.schema.js';
import { environmentWithDotEnv } from './dot-env.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface FeedFetchSettings {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  userAgent: string;
  allowCidrs: string[];
  maxPerHost: number;
}

export interface PollSettings {
  minIntervalSec: number;
  maxIntervalSec: number;
  defaultIntervalSec: number;
  unconditionalEvery: number;
  concurrency: number;
  /** Items stored from one poll, newest first; the rest are counted in the poll record as dropped. */
  maxItemsPerPoll: number;
  /** Parsing runs in worker threads under this budget; a feed past it is that feed's failure. */
  parse: { workers: number; timeLimitMs: number; memoryMb: number };
  /** An enabled feed without a success for this many poll intervals counts as stale (the metric). */
  staleAfterIntervals: number;
}

/** Who may call the API and how often. */
export interface ApiSettings {
  /** Read routes answer without a key; admin routes never do. */
  readsOpen: boolean;
  /** Requests per minute per API key, or per client address without one (health and metrics exempt). */
  rateLimitPerMinute: number;
  /**
   * Trends and sources computed (not answered from memory) per minute per client address for
   * callers without a key: the costly reads, limited apart and more strictly. Keys are not counted.
   */
  uncachedReadsPerMinute: number;
  /** `/metrics` answers without a key (a private network); false: it needs an admin key. */
  metricsOpen: boolean;
  /** Origins allowed to call the API from a browser; empty: no CORS headers at all. */
  corsOrigins: string[];
  /** Bytes of rendered trends kept in memory per API process; one answer may take at most half. */
  trendCacheBytes: number;
  /** Express's `trust proxy`: which X-Forwarded-For hops name the client (false: none). */
  trustProxy: false | number | string[];
  /** Gold labels each class needs (pooled over languages, or in a language to use its own) before a trend is corrected. */
  correctionMinLabelsPerClass: number;
}

export type WorkerQueue = 'feed-poll' | 'classify' | 'webhook-deliver' | 'alerts-evaluate';

/** Alert rules: how often every enabled rule is evaluated (also after each change of the rollups). */
export interface AlertSettings {
  evaluateEverySec: number;
}

/** Webhook delivery: the SSRF allow-list for endpoint URLs, the per-attempt timeout, the retry schedule. */
export interface WebhookSettings {
  allowCidrs: string[];
  timeoutMs: number;
  /** Multiplies the retry schedule (5 s … 24 h); 1 in production, small in tests. */
  retryScale: number;
  concurrency: number;
  /** How often the worker looks for pending deliveries whose job was lost, and queues them again. */
  sweepEverySec: number;
}

/**
 * How long history is kept, in days: the poll history (`feed_polls`), delivered webhook deliveries
 * (counted from their delivery), and failed ones (from their last attempt; a redelivered one is
 * pending again, so it is kept until it has settled anew).
 */
export interface RetentionSettings {
  feedPollsDays: number;
  deliveredDays: number;
  failedDays: number;
}

/**
 * How long PostgreSQL may take, per role. The API's reads are short (a year's trend by outlet takes
 * well under a second), so a request that would wait longer answers 503 instead. The worker's
 * statements are batch writes and rule windows over millions of scores. The CLI, migrations, rollup
 * rebuilds and imports have no limit: they are long on purpose and run with a person watching.
 */
export interface DatabaseTimeouts {
  apiQueryMs: number;
  workerQueryMs: number;
}

/**
 * What a job may cost before it is given up and retried. BullMQ renews the lock of a job whose
 * promise never settles, so without a limit one stuck await would stop a worker for good.
 */
export interface JobSettings {
  timeLimitMs: Record<WorkerQueue, number>;
  /**
   * A job that finds PostgreSQL unavailable goes back to the queue for about this long (between half
   * and one and a half times, so jobs do not return together), without using one of its attempts.
   */
  outageRetryMs: number;
}

/**
 * Which models score articles. A model is a Hugging Face id, a folder under `localDir`, or
 * `builtin`: the small model stancewatch generates itself into `<cacheDir>/builtin`.
 */
export interface ModelSettings {
  nliModel: string;
  /** When set, Russian and Chinese texts go to this NLI model instead. */
  nliModelMultilingual: string | null;
  sentimentModel: string;
  revision: string;
  dtype: 'fp32' | 'q8' | 'fp16' | 'q4';
  threads: number;
  cacheDir: string;
  /** Models kept by hand in Hugging Face layout, one folder per id; trained classifiers under trained/. */
  localDir: string;
  /** The sentence encoder `train` embeds texts with. */
  trainEncoder: string;
  offline: boolean;
  /** A Hugging Face hub mirror; null for the hub itself. */
  hubUrl: string | null;
  batchSize: number;
  lockMs: number;
}

/**
 * The validated configuration. It is also the Nest injection token: services ask for `AppConfig`
 * and receive values, never `process.env`.
 */
export class AppConfig {
  constructor(
    readonly databaseUrl: string,
    readonly redisUrl: string,
    readonly queuePrefix: string,
    readonly port: number,
    readonly adminApiKey: string | null,
    readonly configDir: string,
    readonly migrateOnStart: boolean,
    readonly seedFeedsOnStart: boolean,
    readonly logLevel: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose',
    readonly workerQueues: WorkerQueue[],
    readonly fetch: FeedFetchSettings,
    readonly poll: PollSettings,
    readonly models: ModelSettings,
    readonly api: ApiSettings,
    /** Where people open the dashboard; links in alert messages point here. */
    readonly dashboardUrl: string,
    readonly webhooks: WebhookSettings,
    readonly alerts: AlertSettings,
    /** The worker's own health and metrics server (`/healthz`, `/readyz`, `/metrics`); 0: none. */
    readonly workerHttpPort: number,
    readonly databaseTimeouts: DatabaseTimeouts,
    readonly jobs: JobSettings,
    readonly retention: RetentionSettings,
    /** The commit this build is of (STANCEWATCH_COMMIT), for `stancewatch_build_info`; null: ask the build. */
    readonly buildCommit: string | null = null,
  ) {}

  get feedsFile(): string {
    return resolve(this.configDir, 'feeds.json');
  }

  get lensesFile(): string {
    return resolve(this.configDir, 'lenses.json');
  }
}

/** Reads and validates the environment once; throws ConfigError naming every wrong variable. */
export function loadConfig(env: Record<string, string | undefined> = environmentWithDotEnv()): AppConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const given = present[String(issue.path[0])];
        return `${name}: ${issue.message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`;
      }),
    );
  }
  const e = parsed.data;
  if (e.FEED_MIN_INTERVAL_SEC > e.FEED_MAX_INTERVAL_SEC) {
    throw new ConfigError(['FEED_MIN_INTERVAL_SEC: must not exceed FEED_MAX_INTERVAL_SEC']);
  }
  return new AppConfig(
    e.DATABASE_URL,
    e.REDIS_URL,
    e.QUEUE_PREFIX,
    e.PORT,
    e.ADMIN_API_KEY ?? null,
    resolve(e.CONFIG_DIR),
    e.MIGRATE_ON_START,
    e.SEED_FEEDS_ON_START,
    e.LOG_LEVEL,
    e.WORKER_QUEUES,
    {
      connectTimeoutMs: e.FEED_CONNECT_TIMEOUT_MS,
      readTimeoutMs: e.FEED_READ_TIMEOUT_MS,
      maxBodyBytes: e.FEED_MAX_BODY_BYTES,
      maxRedirects: e.FEED_MAX_REDIRECTS,
      userAgent: e.FEED_USER_AGENT,
      allowCidrs: e.FEED_ALLOW_CIDRS,
      maxPerHost: e.FEED_MAX_PER_HOST,
    },
    {
      minIntervalSec: e.FEED_MIN_INTERVAL_SEC,
      maxIntervalSec: e.FEED_MAX_INTERVAL_SEC,
      defaultIntervalSec: e.FEED_DEFAULT_INTERVAL_SEC,
      unconditionalEvery: e.FEED_UNCONDITIONAL_EVERY,
      concurrency: e.FEED_POLL_CONCURRENCY,
      maxItemsPerPoll: e.FEED_MAX_ITEMS_PER_POLL,
      parse: {
        workers: e.FEED_PARSE_WORKERS,
        timeLimitMs: e.FEED_PARSE_TIME_LIMIT_MS,
        memoryMb: e.FEED_PARSE_MEMORY_MB,
      },
      staleAfterIntervals: e.FEED_STALE_AFTER_INTERVALS,
    },
    {
      nliModel: e.NLI_MODEL,
      nliModelMultilingual: e.NLI_MODEL_MULTILINGUAL ?? null,
      sentimentModel: e.SENTIMENT_MODEL,
      revision: e.MODEL_REVISION,
      dtype: e.MODEL_DTYPE,
      threads: e.MODEL_THREADS,
      cacheDir: resolve(e.MODEL_CACHE_DIR),
      localDir: resolve(e.MODEL_LOCAL_DIR),
      trainEncoder: e.TRAIN_ENCODER,
      offline: e.MODELS_OFFLINE,
      hubUrl: e.MODEL_HUB_URL ?? null,
      batchSize: e.CLASSIFY_BATCH_SIZE,
      lockMs: e.CLASSIFY_LOCK_MS,
    },
    {
      readsOpen: e.READS_OPEN,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      uncachedReadsPerMinute: e.RATE_LIMIT_UNCACHED_PER_MINUTE,
      metricsOpen: e.METRICS_OPEN,
      corsOrigins: e.CORS_ORIGINS,
      trendCacheBytes: e.TREND_CACHE_MAX_BYTES,
      trustProxy: e.TRUST_PROXY,
      correctionMinLabelsPerClass: e.CORRECTION_MIN_LABELS_PER_CLASS,
    },
    e.DASHBOARD_URL,
    {
      allowCidrs: e.WEBHOOK_ALLOW_CIDRS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retryScale: e.WEBHOOK_RETRY_SCALE,
      concurrency: e.WEBHOOK_CONCURRENCY,
      sweepEverySec: e.WEBHOOK_SWEEP_EVERY_SEC,
    },
    { evaluateEverySec: e.ALERTS_EVALUATE_EVERY_SEC },
    e.WORKER_HTTP_PORT,
    { apiQueryMs: e.API_QUERY_TIMEOUT_MS, workerQueryMs: e.WORKER_QUERY_TIMEOUT_MS },
    {
      timeLimitMs: {
        classify: e.CLASSIFY_JOB_TIME_LIMIT_MS,
        'feed-poll': e.FEED_POLL_JOB_TIME_LIMIT_MS,
        'alerts-evaluate': e.ALERTS_EVALUATE_JOB_TIME_LIMIT_MS,
        'webhook-deliver': e.WEBHOOK_DELIVER_JOB_TIME_LIMIT_MS,
      },
      outageRetryMs: e.OUTAGE_RETRY_MS,
    },
    {
      feedPollsDays: e.FEED_POLLS_RETENTION_DAYS,
      deliveredDays: e.DELIVERIES_RETENTION_DAYS,
      failedDays: e.FAILED_DELIVERIES_RETENTION_DAYS,
    },
    e.STANCEWATCH_COMMIT ?? null,
  );
}
