import type { Database } from '../../../db/src/index.js';
import type { AlertRule, RuleDraft } from './alert-rule.js';

// A rule written by hand in SQL may leave out filter lists; absent means no filter, as in the API.
const FILTERS = `jsonb_build_object('outlet', coalesce(filters->'outlet', '[]'), 'country', coalesce(filters->'country', '[]'),
  'language', coalesce(filters->'language', '[]'), 'kind', coalesce(filters->'kind', '[]')) AS filters`;

const COLUMNS = `id, name, lens, model, ${FILTERS}, kind, metric, window_minutes AS "windowMinutes", condition, operator,
  value, k, baseline_days AS "baselineDays", min_articles AS "minArticles", phrase,
  repeat_interval_minutes AS "repeatIntervalMinutes", cooldown_minutes AS "cooldownMinutes", enabled,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

const FIELDS = `name, lens, model, filters, kind, metric, window_minutes, condition, operator, value, k, baseline_days,
  min_articles, phrase, repeat_interval_minutes, cooldown_minutes, enabled`;

function values(draft: RuleDraft): unknown[] {
  return [
    draft.name,
    draft.lens,
    draft.model,
    JSON.stringify(draft.filters),
    draft.kind,
    draft.metric,
    draft.windowMinutes,
    draft.condition,
    draft.operator,
    draft.value,
    draft.k,
    draft.baselineDays,
    draft.minArticles,
    draft.phrase,
    draft.repeatIntervalMinutes,
    draft.cooldownMinutes,
    draft.enabled,
  ];
}

/** Alert rules: created, changed and removed by admins, read by the evaluator. */
export class AlertRuleRepository {
  constructor(private readonly db: Database) {}

  async create(draft: RuleDraft): Promise<AlertRule> {
    const [rule] = await this.db.query<AlertRule>(
      `INSERT INTO alert_rules (${FIELDS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       RETURNING ${COLUMNS}`,
      values(draft),
    );
    return rule;
  }

  async get(id: number): Promise<AlertRule | null> {
    const [rule] = await this.db.query<AlertRule>(`SELECT ${COLUMNS} FROM alert_rules WHERE id = $1`, [id]);
    return rule ?? null;
  }

  list(options: { enabledOnly?: boolean } = {}): Promise<AlertRule[]> {
    return this.db.query<AlertRule>(
      `SELECT ${COLUMNS} FROM alert_rules WHERE NOT $1::boolean OR enabled ORDER BY id`,
      [options.enabledOnly ?? false],
    );
  }

  /** Replaces every field of the rule (the caller merged and validated the change). */
  async replace(id: number, draft: RuleDraft): Promise<AlertRule | null> {
    const [rule] = await this.db.query<AlertRule>(
      `UPDATE alert_rules SET (${FIELDS}, updated_at) =
         ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, now())
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, ...values(draft)],
    );
    return rule ?? null;
  }

  /** Removes the rule and its alert state; its events stay in the log. */
  async delete(id: number): Promise<boolean> {
    const rows = await this.db.query(`DELETE FROM alert_rules WHERE id = $1 RETURNING id`, [id]);
    return rows.length > 0;
  }
}
