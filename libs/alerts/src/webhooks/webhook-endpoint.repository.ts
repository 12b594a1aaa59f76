import type { Database } from '../../../db/src/index.js';

/** A registered endpoint, as every response and listing shows it: never the secret. */
export interface WebhookEndpoint {
  id: number;
  url: string;
  description: string | null;
  /** Event types it receives; empty means every type. */
  eventTypes: string[];
  slack: boolean;
  enabled: boolean;
  disabledReason: string | null;
  createdAt: Date;
}

export interface NewWebhookEndpoint {
  url: string;
  description: string | null;
  eventTypes: string[];
  slack: boolean;
}

export interface WebhookEndpointChange {
  enabled?: boolean;
  eventTypes?: string[];
  description?: string | null;
}

// The secret column is deliberately absent: only signingSecret() reads it.
const COLUMNS = `id, url, description, event_types AS "eventTypes", slack, enabled,
  disabled_reason AS "disabledReason", created_at AS "createdAt"`;

/** Webhook endpoints. The signing secret goes in at creation and comes out only for the signer. */
export class WebhookEndpointRepository {
  constructor(private readonly db: Database) {}

  async create(endpoint: NewWebhookEndpoint, secret: string): Promise<WebhookEndpoint> {
    const [row] = await this.db.query<WebhookEndpoint>(
      `INSERT INTO webhook_endpoints (url, description, event_types, slack, secret)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [endpoint.url, endpoint.description, [...new Set(endpoint.eventTypes)], endpoint.slack, secret],
    );
    return row;
  }

  list(): Promise<WebhookEndpoint[]> {
    return this.db.query<WebhookEndpoint>(`SELECT ${COLUMNS} FROM webhook_endpoints ORDER BY id`);
  }

  async get(id: number): Promise<WebhookEndpoint | null> {
    const [row] = await this.db.query<WebhookEndpoint>(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Enabled endpoints that receive events of this type (subscribed to it, or to every type). */
  subscribedTo(eventType: string): Promise<WebhookEndpoint[]> {
    return this.db.query<WebhookEndpoint>(
      `SELECT ${COLUMNS} FROM webhook_endpoints
       WHERE enabled AND (cardinality(event_types) = 0 OR $1 = ANY (event_types)) ORDER BY id`,
      [eventType],
    );
  }

  /** Applies a change; enabling clears the reason it was disabled. Null when there is no such endpoint. */
  async update(id: number, change: WebhookEndpointChange): Promise<WebhookEndpoint | null> {
    const [row] = await this.db.query<WebhookEndpoint>(
      `UPDATE webhook_endpoints SET
         enabled = coalesce($2, enabled),
         disabled_reason = CASE WHEN $2 IS NULL THEN disabled_reason
                                WHEN $2 THEN NULL ELSE 'disabled by an operator' END,
         event_types = coalesce($3, event_types),
         description = CASE WHEN $4 THEN $5 ELSE description END
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        change.enabled ?? null,
        change.eventTypes ? [...new Set(change.eventTypes)] : null,
        change.description !== undefined,
        change.description ?? null,
      ],
    );
    return row ?? null;
  }

  /** Stops deliveries to an endpoint, recording why (e.g. it answered 410 Gone). */
  async disable(id: number, reason: string): Promise<void> {
    await this.db.query(`UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2 WHERE id = $1`, [
      id,
      reason,
    ]);
  }

  /** Deletes an endpoint and its delivery log; false when there was none. */
  async remove(id: number): Promise<boolean> {
    const rows = await this.db.query(`DELETE FROM webhook_endpoints WHERE id = $1 RETURNING id`, [id]);
    return rows.length > 0;
  }

  /** The raw signing secret, for the signer only: never returned by the API or logged. */
  async signingSecret(id: number): Promise<string | null> {
    const [row] = await this.db.query<{ secret: string }>(
      `SELECT secret FROM webhook_endpoints WHERE id = $1`,
      [id],
    );
    return row?.secret ?? null;
  }
}
