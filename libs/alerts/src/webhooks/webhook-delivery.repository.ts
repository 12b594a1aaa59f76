import type { Database } from '../../../db/src/index.js';

/** Rows one prune statement deletes at most. */
const PRUNE_BATCH = 5_000;

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A delivery as listed: what was sent to whom, and how each attempt went. */
export interface WebhookDelivery {
  id: number;
  endpointId: number;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** What one attempt needs: the stored body, and where the current round of retries began. */
export interface DeliveryToSend extends WebhookDelivery {
  body: string;
  roundStart: number;
}

/** A delivery's place in the queue: its job is named by (id, roundStart). */
export interface DeliveryRound {
  id: number;
  status: DeliveryStatus;
  roundStart: number;
}

export interface AttemptRecord {
  statusCode: number | null;
  error: string | null;
  at: Date;
}

const COLUMNS = `id, endpoint_id AS "endpointId", event_id AS "eventId", event_type AS "eventType", status,
  attempts, last_status_code AS "lastStatusCode", last_error AS "lastError",
  last_attempt_at AS "lastAttemptAt", next_attempt_at AS "nextAttemptAt",
  delivered_at AS "deliveredAt", created_at AS "createdAt"`;

const ROUND = `id, status, round_start AS "roundStart"`;

/** The delivery log: one row per (endpoint, event), updated by every attempt. */
export class WebhookDeliveryRepository {
  constructor(private readonly db: Database) {}

  /**
   * Makes the delivery of an event to an endpoint with its body, or returns the one that exists:
   * dispatching an event twice never makes a second delivery (nor changes the bytes already signed).
   */
  async upsert(endpointId: number, eventId: string, eventType: string, body: string): Promise<DeliveryRound> {
    const [row] = await this.db.query<DeliveryRound>(
      `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body, next_attempt_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (endpoint_id, event_id) DO UPDATE SET event_id = EXCLUDED.event_id
       RETURNING ${ROUND}`,
      [endpointId, eventId, eventType, body],
    );
    return row;
  }

  async get(id: number): Promise<WebhookDelivery | null> {
    const [row] = await this.db.query<WebhookDelivery>(
      `SELECT ${COLUMNS} FROM webhook_deliveries WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  async forAttempt(id: number): Promise<DeliveryToSend | null> {
    const [row] = await this.db.query<DeliveryToSend>(
      `SELECT ${COLUMNS}, body, round_start AS "roundStart" FROM webhook_deliveries WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** The latest deliveries to an endpoint, newest first. */
  listForEndpoint(endpointId: number, limit: number): Promise<WebhookDelivery[]> {
    return this.db.query<WebhookDelivery>(
      `SELECT ${COLUMNS} FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2`,
      [endpointId, limit],
    );
  }

  async recordDelivered(id: number, attempt: AttemptRecord): Promise<void> {
    await this.record(id, attempt, 'delivered', null);
  }

  async recordRetry(id: number, attempt: AttemptRecord, nextAttemptAt: Date): Promise<void> {
    await this.record(id, attempt, 'pending', nextAttemptAt);
  }

  async recordFailed(id: number, attempt: AttemptRecord): Promise<void> {
    await this.record(id, attempt, 'failed', null);
  }

  /**
   * Starts a new round for a delivered or failed delivery: pending again, the retry schedule from
   * the start, same event id and body. Null when it is pending already (or does not exist).
   */
  async startRound(id: number): Promise<DeliveryRound | null> {
    const [row] = await this.db.query<DeliveryRound>(
      `UPDATE webhook_deliveries SET status = 'pending', round_start = attempts, next_attempt_at = now()
       WHERE id = $1 AND status <> 'pending' RETURNING ${ROUND}`,
      [id],
    );
    return row ?? null;
  }

  async round(id: number): Promise<DeliveryRound | null> {
    const [row] = await this.db.query<DeliveryRound>(
      `SELECT ${ROUND} FROM webhook_deliveries WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /**
   * Pending deliveries that should have been attempted before `before` (next attempt due then, or
   * none set and made then): those whose job may have been lost. Oldest first.
   */
  overdue(before: Date, limit: number): Promise<DeliveryRound[]> {
    return this.db.query<DeliveryRound>(
      `SELECT ${ROUND} FROM webhook_deliveries
       WHERE status = 'pending'
         AND (next_attempt_at < $1 OR (next_attempt_at IS NULL AND created_at < $1))
       ORDER BY COALESCE(next_attempt_at, created_at), id
       LIMIT $2`,
      [before, limit],
    );
  }

  /**
   * Deletes the settled deliveries past their retention: delivered before `deliveredBefore`, and
   * failed with a last attempt before `failedBefore` (a redelivered one is pending, so never here).
   * `batchSize` rows per statement, each its own transaction. Returns how many.
   */
  async pruneSettled(
    deliveredBefore: Date,
    failedBefore: Date,
    batchSize = PRUNE_BATCH,
  ): Promise<{ delivered: number; failed: number }> {
    const deleted = { delivered: 0, failed: 0 };
    for (;;) {
      const rows = await this.db.query<{ status: 'delivered' | 'failed'; n: number }>(
        `WITH gone AS (
           DELETE FROM webhook_deliveries WHERE id IN (
             SELECT id FROM webhook_deliveries
             WHERE (status = 'delivered' AND delivered_at < $1)
                OR (status = 'failed' AND COALESCE(last_attempt_at, created_at) < $2)
             LIMIT $3)
           RETURNING status)
         SELECT status, count(*)::int AS n FROM gone GROUP BY status`,
        [deliveredBefore, failedBefore, batchSize],
      );
      let n = 0;
      for (const row of rows) {
        deleted[row.status] += row.n;
        n += row.n;
      }
      if (n < batchSize) return deleted;
    }
  }

  private async record(
    id: number,
    attempt: AttemptRecord,
    status: DeliveryStatus,
    nextAttemptAt: Date | null,
  ): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET
         status = $2, attempts = attempts + 1, last_status_code = $3, last_error = $4,
         last_attempt_at = $5, next_attempt_at = $6,
         delivered_at = CASE WHEN $2 = 'delivered' THEN $5 ELSE delivered_at END
       WHERE id = $1`,
      [id, status, attempt.statusCode, attempt.error, attempt.at, nextAttemptAt],
    );
  }
}
