/**
 * The alerts' vocabulary as plain values, importing nothing: the second entry into libs/alerts, for code
 * that needs the words but not the library (the command line builds its options from them before it
 * knows which command runs; loading the index would load Nest, BullMQ and pg first).
 */
export const ALERT_METRICS = [
  'mean_stance',
  'share_critical',
  'share_supportive',
  'volume',
  'mean_sentiment',
  'framing',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];
export const RULE_KINDS = ['metric', 'new-term'] as const;
export const CONDITIONS = ['threshold', 'baseline'] as const;
export const OPERATORS = ['above', 'below', 'either'] as const;

/** The event types an endpoint can subscribe to. */
export const EVENT_TYPES = ['alert.firing', 'alert.resolved', 'test'] as const;
