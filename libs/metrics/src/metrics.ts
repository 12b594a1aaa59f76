import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from './registry.js';

/**
 * Every metric stancewatch defines, in one place. Each is incremented where the work happens, in one
 * line; the queue gauges (queue-metrics.ts) are read from Redis when Prometheus scrapes.
 */
const registers = [metricsRegistry];

/** Feed polls by outcome: ok, not-modified, error (the feed's failure, recorded), skipped. */
export const feedPolls = new Counter({
  name: 'stancewatch_feed_polls_total',
  help: 'Feed polls by outcome (ok, not-modified, error, skipped)',
  labelNames: ['outcome'] as const,
  registers,
});

/** Items read from feeds: new (a new article), sighting (a known article in another feed), seen (nothing new). */
export const feedItems = new Counter({
  name: 'stancewatch_feed_items_total',
  help: 'Feed items ingested, by result (new, sighting, seen)',
  labelNames: ['result'] as const,
  registers,
});

/** Scores written, per lens and NLI model. */
export const articlesClassified = new Counter({
  name: 'stancewatch_articles_classified_total',
  help: 'Articles scored and stored, by lens and NLI model',
  labelNames: ['lens', 'model'] as const,
  registers,
});

/** Model inference of one classify batch (every article of the job still without scores). */
export const classifyInferenceSeconds = new Histogram({
  name: 'stancewatch_classify_inference_seconds',
  help: 'Inference time of one classify batch, in seconds',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  registers,
});

/** Webhook attempts by outcome: delivered, retry, failed, skipped. */
export const webhookDeliveries = new Counter({
  name: 'stancewatch_webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome (delivered, retry, failed, skipped)',
  labelNames: ['outcome'] as const,
  registers,
});

/** API requests by method, route template (never the raw URL) and status class (2xx, 4xx, ...). */
export const httpRequestSeconds = new Histogram({
  name: 'stancewatch_http_request_duration_seconds',
  help: 'API request duration in seconds, by method, route template and status class',
  labelNames: ['method', 'route', 'status_class'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

/**
 * One feed fetch (DNS, connect, redirects and the body; not the parse), by result: fetched,
 * not-modified, error. Feeds are not labels: their number grows, these series do not.
 */
export const feedFetchSeconds = new Histogram({
  name: 'stancewatch_feed_fetch_duration_seconds',
  help: 'Duration of one feed fetch in seconds, by result (fetched, not-modified, error)',
  labelNames: ['result'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers,
});

/** The body of one fetched feed, in bytes after decompression (what is parsed). */
export const feedFetchBytes = new Histogram({
  name: 'stancewatch_feed_fetch_bytes',
  help: 'Body size of one fetched feed in bytes, after decompression',
  buckets: [1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216],
  registers,
});
