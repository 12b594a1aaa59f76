-- Up Migration

-- What an analyst wants to hear about: a metric of a lens over a trailing window, compared with a
-- threshold or with its own trailing baseline; or a watched phrase appearing for the first time.
CREATE TABLE alert_rules (
  id                       bigserial PRIMARY KEY,
  name                     text NOT NULL,
  lens                     text NOT NULL,
  -- The stance model whose scores are read; null: the configured NLI model.
  model                    text,
  -- {"outlet": [...], "country": [...], "language": [...], "kind": [...]}; an empty list is no filter.
  filters                  jsonb NOT NULL DEFAULT '{}'::jsonb,
  kind                     text NOT NULL CHECK (kind IN ('metric', 'new-term')),
  metric                   text CHECK (metric IN ('mean_stance', 'share_critical', 'share_supportive', 'volume',
                             'mean_sentiment', 'framing')),
  window_minutes           integer NOT NULL CHECK (window_minutes BETWEEN 5 AND 43200),
  condition                text CHECK (condition IN ('threshold', 'baseline')),
  -- threshold: above/below value; baseline: above/below/either mean ± k·sd.
  operator                 text CHECK (operator IN ('above', 'below', 'either')),
  value                    double precision,
  k                        double precision CHECK (k > 0),
  baseline_days            integer CHECK (baseline_days BETWEEN 1 AND 90),
  -- Fewer scored articles in the window and the metric has no value (the rule cannot fire).
  min_articles             integer NOT NULL DEFAULT 1 CHECK (min_articles >= 0),
  phrase                   text CHECK (length(phrase) BETWEEN 1 AND 200),
  repeat_interval_minutes  integer NOT NULL DEFAULT 240 CHECK (repeat_interval_minutes > 0),
  cooldown_minutes         integer NOT NULL DEFAULT 60 CHECK (cooldown_minutes >= 0),
  enabled                  boolean NOT NULL DEFAULT true,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'metric' OR (metric IS NOT NULL AND condition IS NOT NULL AND phrase IS NULL)),
  CHECK (kind <> 'new-term' OR (phrase IS NOT NULL AND metric IS NULL AND condition IS NULL)),
  CHECK (condition IS DISTINCT FROM 'threshold' OR (operator IN ('above', 'below') AND value IS NOT NULL)),
  CHECK (condition IS DISTINCT FROM 'baseline' OR (k IS NOT NULL AND baseline_days IS NOT NULL)),
  CHECK (kind <> 'new-term' OR baseline_days IS NOT NULL)
);

-- Where each alert (one per fingerprint) stands, so evaluating twice, or twice at once, sends nothing twice.
CREATE TABLE alert_state (
  fingerprint        text PRIMARY KEY,
  rule_id            bigint NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  status             text NOT NULL CHECK (status IN ('firing', 'resolved')),
  first_fired_at     timestamptz NOT NULL,
  last_sent_at       timestamptz NOT NULL,
  resolved_at        timestamptz,
  last_change_at     timestamptz NOT NULL,
  last_evaluated_at  timestamptz NOT NULL
);
CREATE INDEX alert_state_rule_idx ON alert_state (rule_id);

-- Every alert.firing and alert.resolved sent, with the numbers behind it. Kept when a rule is deleted.
CREATE TABLE alert_events (
  id             text PRIMARY KEY CHECK (id ~ '^evt_[0-9a-f]{24}$'),
  rule_id        bigint NOT NULL,
  fingerprint    text NOT NULL,
  type           text NOT NULL CHECK (type IN ('alert.firing', 'alert.resolved')),
  status         text NOT NULL CHECK (status IN ('firing', 'resolved')),
  value          double precision,
  -- value, n, threshold or baseline mean/sd, k, z, window start and end: what was compared.
  evidence       jsonb NOT NULL,
  -- The articles behind it (the latest in the window), newest first.
  article_ids    bigint[] NOT NULL DEFAULT '{}',
  summary        text NOT NULL,
  -- The payload handed to the webhook dispatcher, exactly.
  data           jsonb NOT NULL,
  occurred_at    timestamptz NOT NULL,
  -- Null until the dispatcher took it; the next evaluation hands over any left behind.
  dispatched_at  timestamptz
);
CREATE INDEX alert_events_occurred_idx ON alert_events (occurred_at DESC, id DESC);
CREATE INDEX alert_events_rule_idx ON alert_events (rule_id, occurred_at DESC, id DESC);
CREATE INDEX alert_events_undispatched_idx ON alert_events (occurred_at) WHERE dispatched_at IS NULL;

-- Down Migration
DROP TABLE alert_events;
DROP TABLE alert_state;
DROP TABLE alert_rules;
