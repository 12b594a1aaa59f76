import { type AppConfig, loadConfigWith } from '../../config/src/index.js';

export const DEMO_DATABASE = 'stancewatch_demo';
export const DEMO_QUEUE_PREFIX = 'stancewatch-demo';
/** Feeds are registered under this port, so it stays the same from run to run. */
export const DEMO_FEEDS_PORT = 8797;
export const DEMO_API_PORT = 3000;

export interface DemoOptions {
  /** The API and dashboard. */
  port: number;
  /** The replay server; the receiver listens on the next port. */
  feedsPort: number;
  database: string;
}

/** The demo's queue prefix: its own, and one per demo database, so two demos never share jobs. */
export function demoQueuePrefix(database: string): string {
  return database === DEMO_DATABASE ? DEMO_QUEUE_PREFIX : `${DEMO_QUEUE_PREFIX}-${database}`;
}

/** The same PostgreSQL server as `databaseUrl`, another database. */
export function demoDatabaseUrl(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The demo's configuration: this machine's PostgreSQL and Redis (from the environment), its own
 * database and queue prefix, the built-in models with no network, loopback admitted for feeds and
 * webhooks (only the demo does that), and short poll intervals so the scheduler's work shows.
 */
export function demoConfig(base: AppConfig, options: DemoOptions): AppConfig {
  const loopback = '127.0.0.0/8,::1/128';
  return loadConfigWith(
    {
      LOG_LEVEL: 'warn',
      FEED_MAX_PER_HOST: '8',
      FEED_CONNECT_TIMEOUT_MS: '2000',
      FEED_READ_TIMEOUT_MS: '5000',
    },
    {
      DATABASE_URL: demoDatabaseUrl(base.databaseUrl, options.database),
      QUEUE_PREFIX: demoQueuePrefix(options.database),
      PORT: String(options.port),
      DASHBOARD_URL: `http://localhost:${options.port}`,
      NLI_MODEL: 'builtin',
      SENTIMENT_MODEL: 'builtin',
      MODELS_OFFLINE: 'true',
      FEED_ALLOW_CIDRS: loopback,
      WEBHOOK_ALLOW_CIDRS: loopback,
      FEED_MIN_INTERVAL_SEC: '30',
      FEED_DEFAULT_INTERVAL_SEC: '60',
      FEED_MAX_INTERVAL_SEC: '120',
      MIGRATE_ON_START: 'false',
      // The curated registry is real outlets on the internet; the demo polls only its own feeds.
      SEED_FEEDS_ON_START: 'false',
      // Empty: back to the defaults (every queue; no multilingual hub model), whatever the shell says.
      WORKER_QUEUES: '',
      NLI_MODEL_MULTILINGUAL: '',
      READS_OPEN: 'true',
      // The demo rule should fire within a minute of the first scores.
      ALERTS_EVALUATE_EVERY_SEC: '20',
    },
  );
}
