import { z } from 'zod';
import { ALERT_METRICS, CONDITIONS, OPERATORS, RULE_KINDS } from '../../../../libs/alerts/src/index.js';
import { component, count, jsonInstant, rowId } from '../http/zod-openapi.js';

// The JSON bodies of the alert routes: rules as libs/alerts stores them, events as the list shows them.

const ruleFilters = z.strictObject({
  outlet: z.array(z.string()),
  country: z.array(z.string()),
  language: z.array(z.string()),
  kind: z.array(z.string()),
});

export const alertRuleSchema = component(
  'AlertRule',
  z.strictObject({
    id: rowId,
    name: z.string(),
    lens: z.string(),
    model: z.string().nullable(),
    filters: ruleFilters,
    kind: z.enum(RULE_KINDS),
    metric: z.enum(ALERT_METRICS).nullable(),
    windowMinutes: count,
    condition: z.enum(CONDITIONS).nullable(),
    operator: z.enum(OPERATORS).nullable(),
    value: z.number().nullable(),
    k: z.number().nullable(),
    baselineDays: count.nullable(),
    minArticles: count,
    phrase: z.string().nullable(),
    repeatIntervalMinutes: count,
    cooldownMinutes: count,
    enabled: z.boolean(),
    createdAt: jsonInstant,
    updatedAt: jsonInstant,
  }),
);

export const alertRuleListResponse = z.strictObject({ rules: z.array(alertRuleSchema) });

/** The rule as an event recorded it when it fired (later edits of the rule do not change it). */
const eventRuleSchema = z.strictObject({
  id: rowId,
  name: z.string(),
  kind: z.enum(RULE_KINDS),
  lens: z.string(),
  filters: ruleFilters,
  metric: z.enum(ALERT_METRICS).nullable(),
  condition: z.enum(CONDITIONS).nullable(),
  phrase: z.string().nullable(),
  windowMinutes: count,
});

export const alertEventSchema = component(
  'AlertEvent',
  z.strictObject({
    id: z.string(),
    type: z.enum(['alert.firing', 'alert.resolved']),
    status: z.enum(['firing', 'resolved']),
    ruleId: rowId,
    rule: eventRuleSchema,
    fingerprint: z.string(),
    occurredAt: jsonInstant,
    summary: z.string(),
    value: z.number().nullable(),
    evidence: z
      .record(z.string(), z.unknown())
      .describe('the numbers behind the verdict: n, baseline mean and SD, z, the window, …'),
    window: z.strictObject({ start: jsonInstant, end: jsonInstant }),
    articles: z.array(
      z.strictObject({
        id: rowId,
        path: z.string(),
        url: z.string(),
        dashboardUrl: z.string().describe('the article view of the dashboard'),
      }),
    ),
    dashboardUrl: z.string(),
    dispatchedAt: jsonInstant.nullable(),
  }),
);

export const alertEventPageResponse = z.strictObject({
  events: z.array(alertEventSchema),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last'),
});
