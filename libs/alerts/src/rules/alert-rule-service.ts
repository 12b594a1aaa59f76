import { z } from 'zod';
import { ruleDraftSchema, ruleInputShape, type AlertRule, type RuleDraft } from './alert-rule.js';
import type { AlertRuleRepository } from './alert-rule.repository.js';

/** No rule has this id (the API answers 404). */
export class AlertRuleNotFoundError extends Error {}

/**
 * A rule that is not complete or consistent. Its issues name the fields (`filters.kind`, `windowMinutes`),
 * so each door says them its own way: the API as `body.<field>`, the CLI as the flag.
 */
export class AlertRuleInputError extends Error {
  constructor(readonly issues: readonly { path: PropertyKey[]; message: string }[]) {
    super(issues.map((issue) => `${issue.path.join('.') || 'rule'}: ${issue.message}`).join('; '));
  }
}

/** The fields a rule is made of, without id and timestamps: what a change merges into. */
export function draftOf(rule: AlertRule): RuleDraft {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...draft } = rule;
  return draft;
}

/**
 * The alert rules' use cases for the API and the CLI: every rule is checked against the configured
 * lenses by the same schema, whichever door it comes through.
 */
export class AlertRuleService {
  private readonly draftSchema;
  private readonly patchSchema;

  constructor(
    private readonly rules: AlertRuleRepository,
    lensNames: string[],
  ) {
    this.draftSchema = ruleDraftSchema(lensNames);
    // Any subset of the fields; the merged rule is then checked as a whole.
    const shape = ruleInputShape(lensNames);
    this.patchSchema = z
      .strictObject(Object.fromEntries(Object.keys(shape).map((key) => [key, z.unknown()])))
      .partial();
  }

  list(): Promise<AlertRule[]> {
    return this.rules.list();
  }

  async get(id: number): Promise<AlertRule> {
    const rule = await this.rules.get(id);
    if (!rule) throw new AlertRuleNotFoundError(`no alert rule with id ${id}`);
    return rule;
  }

  /** Stores a rule from what a person sent (an API body, the CLI's flags). */
  async create(input: unknown): Promise<AlertRule> {
    return this.rules.create(this.checked(this.draftSchema, input));
  }

  /** Changes some fields of a rule (`{"enabled": false}`); the rule they make is checked whole. */
  async update(id: number, patch: unknown): Promise<AlertRule> {
    const fields = this.checked(this.patchSchema, patch);
    const rule = await this.get(id);
    const updated = await this.rules.replace(
      id,
      this.checked(this.draftSchema, { ...draftOf(rule), ...fields }),
    );
    if (!updated) throw new AlertRuleNotFoundError(`no alert rule with id ${id}`);
    return updated;
  }

  setEnabled(id: number, enabled: boolean): Promise<AlertRule> {
    return this.update(id, { enabled });
  }

  /** Deletes a rule; its events stay in the log. */
  async delete(id: number): Promise<void> {
    if (!(await this.rules.delete(id))) throw new AlertRuleNotFoundError(`no alert rule with id ${id}`);
  }

  private checked<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
    const result = schema.safeParse(input ?? {});
    if (!result.success) throw new AlertRuleInputError(result.error.issues);
    return result.data;
  }
}
