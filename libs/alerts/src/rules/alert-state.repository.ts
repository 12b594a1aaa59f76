import type { Queryable } from '../../../db/src/index.js';
import type { AlertState } from './alert-transition.js';

const COLUMNS = `fingerprint, rule_id AS "ruleId", status, first_fired_at AS "firstFiredAt", last_sent_at AS "lastSentAt",
  resolved_at AS "resolvedAt", last_change_at AS "lastChangeAt", last_evaluated_at AS "lastEvaluatedAt"`;

/** The state of each alert. Every method runs in the caller's transaction, under the rule's lock. */
export class AlertStateRepository {
  /**
   * Serialises evaluations of one rule across processes until the transaction ends: a second
   * evaluation waits, then sees the state the first one wrote, so nothing fires twice. False when the
   * rule no longer exists.
   */
  async lockRule(client: Queryable, ruleId: number): Promise<boolean> {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`alert-rule:${ruleId}`]);
    // The share lock keeps the rule from being deleted under us; false when it already was.
    const { rows } = await client.query(`SELECT id FROM alert_rules WHERE id = $1 FOR SHARE`, [ruleId]);
    return rows.length > 0;
  }

  async get(client: Queryable, fingerprint: string): Promise<AlertState | null> {
    const { rows } = await client.query<AlertState>(
      `SELECT ${COLUMNS} FROM alert_state WHERE fingerprint = $1`,
      [fingerprint],
    );
    return rows[0] ?? null;
  }

  async save(client: Queryable, state: AlertState): Promise<void> {
    await client.query(
      `INSERT INTO alert_state (fingerprint, rule_id, status, first_fired_at, last_sent_at, resolved_at, last_change_at, last_evaluated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (fingerprint) DO UPDATE SET status = EXCLUDED.status, first_fired_at = EXCLUDED.first_fired_at,
         last_sent_at = EXCLUDED.last_sent_at, resolved_at = EXCLUDED.resolved_at,
         last_change_at = EXCLUDED.last_change_at, last_evaluated_at = EXCLUDED.last_evaluated_at`,
      [
        state.fingerprint,
        state.ruleId,
        state.status,
        state.firstFiredAt,
        state.lastSentAt,
        state.resolvedAt,
        state.lastChangeAt,
        state.lastEvaluatedAt,
      ],
    );
  }

  /** Records that the alert was evaluated at `at` without changing (keeps late evaluations from undoing it). */
  async touch(client: Queryable, fingerprint: string, at: Date): Promise<void> {
    await client.query(
      `UPDATE alert_state SET last_evaluated_at = greatest(last_evaluated_at, $2) WHERE fingerprint = $1`,
      [fingerprint, at],
    );
  }
}
