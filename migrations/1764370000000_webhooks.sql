-- Up Migration

-- Webhook endpoints. `secret` is the signing secret (`whsec_` + base64) as the server generated it:
-- Standard Webhooks signs with an HMAC, which needs the raw key, so a one-way hash (as for API keys)
-- cannot work. It is stored in plain text and guarded by code instead: only
-- WebhookEndpointRepository.signingSecret() selects it (for the signer); every listing names its
-- columns and never includes it, and it is never logged. Encrypting it at rest would need a key the
-- operator manages (KMS or an environment variable); left for when an operator asks for it.
CREATE TABLE webhook_endpoints (
  id              bigserial PRIMARY KEY,
  url             text NOT NULL CHECK (url ~ '^https?://'),
  description     text,
  -- Event types the endpoint receives ('alert.firing', 'alert.resolved', 'test'); empty means all.
  event_types     text[] NOT NULL DEFAULT '{}',
  -- Send a Slack-compatible body ({"text": ...}) instead of the event object; signed all the same.
  slack           boolean NOT NULL DEFAULT false,
  secret          text NOT NULL CHECK (secret ~ '^whsec_'),
  enabled         boolean NOT NULL DEFAULT true,
  -- Why the endpoint was disabled: by a person, or by stancewatch after a 410 Gone.
  disabled_reason text,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- One row per (endpoint, event): the exact bytes sent, and how sending them went. No foreign key to
-- alert_events: test events have no row there.
CREATE TABLE webhook_deliveries (
  id               bigserial PRIMARY KEY,
  endpoint_id      bigint NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  -- The event id is the webhook-id header of every attempt (receivers de-duplicate by it).
  event_id         text NOT NULL,
  event_type       text NOT NULL,
  -- Serialised once when the delivery is made; every attempt sends and signs exactly these bytes.
  body             text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  -- `attempts` when the current round began (0, or the count at the last redelivery): the retry
  -- schedule restarts with each round, and the round names the queue job.
  round_start      integer NOT NULL DEFAULT 0,
  last_status_code integer,
  last_error       text,
  last_attempt_at  timestamptz,
  next_attempt_at  timestamptz,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (endpoint_id, event_id)
);

CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id DESC);
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

-- Down Migration
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
