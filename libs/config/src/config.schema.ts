import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const url = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `expected a ${protocols.join(' or ')} URL such as ${example}`,
    );

const positiveInt = (what: string) =>
  z.coerce
    .number({ error: `expected ${what}` })
    .int(`expected ${what}`)
    .positive(`expected ${what}`);

const commaList = z
  .string()
  .trim()
  .transform((value) => (value === '' ? [] : value.split(',').map((part) => part.trim())));

// A Hugging Face model id ("owner/name"), a folder name under MODEL_LOCAL_DIR, or `builtin`.
const modelId = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/,
    'expected a model id such as Xenova/nli-deberta-v3-xsmall, or builtin',
  );

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);
const TRUST_PROXY_FORM =
  'expected false, a number of proxy hops such as 1, or a comma-separated list of proxy addresses, ' +
  'CIDRs or loopback/linklocal/uniquelocal such as 10.0.0.0/8,loopback';

/** Express's `trust proxy`: false (the socket's address is the client), hops, or the proxies' addresses. */
const trustProxy = z
  .string()
  .trim()
  .transform((text, ctx): false | number | string[] => {
    if (text === '' || text === 'false') return false;
    if (/^\d+$/.test(text)) return Number(text);
    const entries = text.split(',').map((entry) => entry.trim());
    const known = (entry: string) => PROXY_KEYWORDS.has(entry) || ipaddr.isValid(entry) || isCidr(entry);
    if (entries.length > 0 && entries.every(known)) return entries;
    ctx.addIssue({ code: 'custom', message: TRUST_PROXY_FORM });
    return z.NEVER;
  });

function isCidr(text: string): boolean {
  try {
    ipaddr.parseCIDR(text);
    return true;
  } catch {
    return false;
  }
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

/** Every environment variable stancewatch reads, with its default. Documented in README.md. */
export const environmentSchema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user:pass@host:5432/stancewatch').default(
    'postgres://postgres@127.0.0.1:5432/stancewatch',
  ),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(
      /^[A-Za-z0-9_{}-]+$/,
      'expected letters, digits, _ - { } (use {braces} for Redis Cluster hash tags)',
    )
    .default('stancewatch'),
  PORT: positiveInt('a TCP port such as 3000').max(65535, 'expected a TCP port below 65536').default(3000),
  ADMIN_API_KEY: z
    .string()
    .min(16, 'expected at least 16 characters (generate one with `openssl rand -hex 24`)')
    .optional(),
  READS_OPEN: bool.default(true),
  METRICS_OPEN: bool.default(true),
  CORS_ORIGINS: commaList
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^https?:\/\/[^/\s]+$/,
            'expected a comma-separated list of origins such as https://dash.example.org (scheme and host, no path)',
          ),
      ),
    )
    .default([]),
  WORKER_HTTP_PORT: z.coerce
    .number({ error: 'expected a TCP port such as 3001, or 0 for none' })
    .int('expected a TCP port such as 3001, or 0 for none')
    .min(0, 'expected a TCP port such as 3001, or 0 for none')
    .max(65535, 'expected a TCP port below 65536')
    .default(3001),
  RATE_LIMIT_PER_MINUTE: positiveInt(
    'a positive whole number of requests per minute per key or address',
  ).default(600),
  RATE_LIMIT_UNCACHED_PER_MINUTE: positiveInt(
    'a positive whole number of trends or sources computed per minute per address without a key',
  ).default(30),
  TREND_CACHE_MAX_BYTES: positiveInt('a size in bytes').default(64 * 2 ** 20),
  CORRECTION_MIN_LABELS_PER_CLASS: positiveInt(
    'a positive whole number of gold labels each class needs before trends are corrected',
  ).default(10),
  TRUST_PROXY: trustProxy.default(false),
  CONFIG_DIR: z.string().default('config'),
  MIGRATE_ON_START: bool.default(true),
  SEED_FEEDS_ON_START: bool.default(true),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'], {
      error: 'expected one of fatal, error, warn, log, debug, verbose',
    })
    .default('log'),
  WORKER_QUEUES: commaList
    .pipe(
      z.array(
        z.enum(['feed-poll', 'classify', 'webhook-deliver', 'alerts-evaluate'], {
          error: 'expected a comma-separated list of: feed-poll, classify, webhook-deliver, alerts-evaluate',
        }),
      ),
    )
    .default(['feed-poll', 'classify', 'webhook-deliver', 'alerts-evaluate']),
  FEED_POLL_CONCURRENCY: positiveInt('a positive whole number of feeds polled at once per worker').default(8),
  FEED_MAX_PER_HOST: positiveInt('a positive whole number of requests in flight to one host').default(2),
  FEED_CONNECT_TIMEOUT_MS: positiveInt('a timeout in milliseconds').default(10_000),
  FEED_READ_TIMEOUT_MS: positiveInt('a timeout in milliseconds').default(30_000),
  FEED_MAX_BODY_BYTES: positiveInt('a size in bytes').default(15 * 1024 * 1024),
  FEED_MAX_REDIRECTS: z.coerce.number({ error: 'expected a whole number' }).int().min(0).max(20).default(5),
  FEED_USER_AGENT: z
    .string()
    .min(1)
    .default('stancewatch/0.1 (+https://github.com/stancewatch/stancewatch; feed reader)'),
  FEED_ALLOW_CIDRS: commaList.default([]),
  FEED_MIN_INTERVAL_SEC: positiveInt('a number of seconds').default(300),
  FEED_MAX_INTERVAL_SEC: positiveInt('a number of seconds').default(86_400),
  FEED_DEFAULT_INTERVAL_SEC: positiveInt('a number of seconds').default(1_800),
  FEED_UNCONDITIONAL_EVERY: positiveInt('a number of polls').default(10),
  FEED_MAX_ITEMS_PER_POLL: positiveInt('a positive whole number of items').default(500),
  FEED_PARSE_WORKERS: positiveInt('a positive whole number of threads').default(2),
  FEED_PARSE_TIME_LIMIT_MS: positiveInt('a time limit in milliseconds').default(30_000),
  FEED_PARSE_MEMORY_MB: positiveInt('a size in MiB').default(512),
  FEED_STALE_AFTER_INTERVALS: z.coerce
    .number({ error: 'expected a number of poll intervals such as 3' })
    .min(1, 'expected a number of poll intervals of at least 1, such as 3')
    .max(1000, 'expected a number of poll intervals below 1000, such as 3')
    .default(3),
  // One multilingual instrument for en, ru and zh (README, "Models"); the English-only
  // Xenova/nli-deberta-v3-xsmall is the fast option for English-only deployments.
  NLI_MODEL: modelId.default('Xenova/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7'),
  NLI_MODEL_MULTILINGUAL: modelId.optional(),
  // nli: the stance model scores tone too, in every language (README, "Models").
  SENTIMENT_MODEL: modelId.default('nli'),
  MODEL_REVISION: z.string().min(1).default('main'),
  MODEL_DTYPE: z
    .enum(['fp32', 'q8', 'fp16', 'q4'], { error: 'expected one of fp32, q8, fp16, q4' })
    .default('q8'),
  MODEL_THREADS: positiveInt('a number of ONNX Runtime threads per model').max(64).default(1),
  MODEL_CACHE_DIR: z.string().min(1).default('.cache/models'),
  // Models in Hugging Face layout kept by hand, and where `train` writes trained/NAME.
  MODEL_LOCAL_DIR: z.string().min(1).default('models'),
  // The frozen sentence encoder `train` fits a stance head on (README, "Trained classifiers").
  TRAIN_ENCODER: modelId.default('Xenova/paraphrase-multilingual-MiniLM-L12-v2'),
  MODELS_OFFLINE: bool.default(false),
  MODEL_HUB_URL: url(['http:', 'https:'], 'https://huggingface.co/').optional(),
  CLASSIFY_BATCH_SIZE: positiveInt('a number of articles per classify job').max(512).default(32),
  CLASSIFY_LOCK_MS: positiveInt('a lock duration in milliseconds').default(120_000),
  DASHBOARD_URL: url(['http:', 'https:'], 'https://stancewatch.example.org').default('http://localhost:3000'),
  WEBHOOK_ALLOW_CIDRS: commaList.default([]),
  WEBHOOK_TIMEOUT_MS: positiveInt('a timeout in milliseconds').max(60_000).default(5_000),
  WEBHOOK_RETRY_SCALE: z.coerce
    .number({ error: 'expected a positive number (1 = the Standard Webhooks schedule)' })
    .positive('expected a positive number (1 = the Standard Webhooks schedule)')
    .default(1),
  WEBHOOK_CONCURRENCY: positiveInt('a positive whole number of deliveries at once per worker').default(8),
  WEBHOOK_SWEEP_EVERY_SEC: positiveInt('a number of seconds between delivery sweeps').default(60),
  API_QUERY_TIMEOUT_MS: positiveInt('a timeout in milliseconds').default(10_000),
  WORKER_QUERY_TIMEOUT_MS: positiveInt('a timeout in milliseconds').default(60_000),
  CLASSIFY_JOB_TIME_LIMIT_MS: positiveInt('a time limit in milliseconds').default(900_000),
  FEED_POLL_JOB_TIME_LIMIT_MS: positiveInt('a time limit in milliseconds').default(300_000),
  ALERTS_EVALUATE_JOB_TIME_LIMIT_MS: positiveInt('a time limit in milliseconds').default(300_000),
  WEBHOOK_DELIVER_JOB_TIME_LIMIT_MS: positiveInt('a time limit in milliseconds').default(120_000),
  OUTAGE_RETRY_MS: positiveInt('a delay in milliseconds').default(10_000),
  STANCEWATCH_COMMIT: z
    .string()
    .trim()
    .regex(/^[\w.-]{1,64}$/, 'expected a commit id such as 1be5f65 (letters, digits, . _ -)')
    .optional(),
  // Retention (README, "Retention and sizing"): rows older than this many days are pruned every hour.
  FEED_POLLS_RETENTION_DAYS: positiveInt('a number of days of poll history to keep, such as 90').default(90),
  DELIVERIES_RETENTION_DAYS: positiveInt(
    'a number of days to keep delivered webhook deliveries, such as 30',
  ).default(30),
  FAILED_DELIVERIES_RETENTION_DAYS: positiveInt(
    'a number of days to keep failed webhook deliveries not redelivered, such as 180',
  ).default(180),
  ALERTS_EVALUATE_EVERY_SEC: positiveInt('a number of seconds between alert rule evaluations').default(120),
});
