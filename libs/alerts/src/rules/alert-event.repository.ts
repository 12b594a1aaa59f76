import type { Database, Queryable } from '../../../db/src/index.js';

export interface StoredAlertEvent {
  id: string;
  ruleId: number;
  fingerprint: string;
  type: 'alert.firing' | 'alert.resolved';
  status: 'firing' | 'resolved';
  value: number | null;
  evidence: Record<string, unknown>;
  articleIds: number[];
  summary: string;
  data: Record<string, unknown>;
  occurredAt: Date;
  dispatchedAt: Date | null;
}

export interface EventFilter {
  ruleId: number | null;
  status: 'firing' | 'resolved' | null;
  from: Date | null;
  to: Date | null;
  /** The last event of the previous page (newest first). */
  after: { occurredAt: Date; id: string } | null;
  limit: number;
}

const COLUMNS = `id, rule_id AS "ruleId", fingerprint, type, status, value, evidence, article_ids AS "articleIds",
  summary, data, occurred_at AS "occurredAt", dispatched_at AS "dispatchedAt"`;

/** The log of alert events, and which of them the webhook dispatcher has taken. */
export class AlertEventRepository {
  constructor(private readonly db: Database) {}

  async insert(client: Queryable, event: Omit<StoredAlertEvent, 'dispatchedAt'>): Promise<void> {
    await client.query(
      `INSERT INTO alert_events (id, rule_id, fingerprint, type, status, value, evidence, article_ids, summary, data, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        event.id,
        event.ruleId,
        event.fingerprint,
        event.type,
        event.status,
        event.value,
        JSON.stringify(event.evidence),
        event.articleIds,
        event.summary,
        JSON.stringify(event.data),
        event.occurredAt,
      ],
    );
  }

  /** Newest first, keyset-paginated. */
  async list(filter: EventFilter): Promise<StoredAlertEvent[]> {
    const rows = await this.db.query<StoredAlertEvent>(
      `SELECT ${COLUMNS} FROM alert_events
       WHERE ($1::bigint IS NULL OR rule_id = $1) AND ($2::text IS NULL OR status = $2)
         AND ($3::timestamptz IS NULL OR occurred_at >= $3) AND ($4::timestamptz IS NULL OR occurred_at < $4)
         AND ($5::timestamptz IS NULL OR (occurred_at, id) < ($5::timestamptz, $6::text))
       ORDER BY occurred_at DESC, id DESC LIMIT $7`,
      [
        filter.ruleId,
        filter.status,
        filter.from,
        filter.to,
        filter.after?.occurredAt ?? null,
        filter.after?.id ?? null,
        filter.limit,
      ],
    );
    return rows.map(withNumericIds);
  }

  /** Events stored but not yet handed to the dispatcher (the process stopped in between), oldest first. */
  async undispatched(limit: number): Promise<StoredAlertEvent[]> {
    const rows = await this.db.query<StoredAlertEvent>(
      `SELECT ${COLUMNS} FROM alert_events WHERE dispatched_at IS NULL ORDER BY occurred_at, id LIMIT $1`,
      [limit],
    );
    return rows.map(withNumericIds);
  }

  async markDispatched(id: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE alert_events SET dispatched_at = $2 WHERE id = $1 AND dispatched_at IS NULL`,
      [id, at],
    );
  }
}

// pg parses bigint[] as strings (only scalar bigints have a parser); article ids fit a JS number.
function withNumericIds(event: StoredAlertEvent): StoredAlertEvent {
  return { ...event, articleIds: event.articleIds.map(Number) };
}
