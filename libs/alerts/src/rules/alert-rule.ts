import { z } from 'zod';
import { FEED_KIND_VALUES, FILTER_CODE, filterCountry } from '../../../feeds/src/vocabulary.js';
import { ALERT_METRICS, CONDITIONS, OPERATORS, RULE_KINDS, type AlertMetric } from '../vocabulary.js';

export interface RuleFilters {
  outlet: string[];
  country: string[];
  language: string[];
  kind: string[];
}

/** An alert rule as stored. */
export interface AlertRule {
  id: number;
  name: string;
  lens: string;
  model: string | null;
  filters: RuleFilters;
  kind: (typeof RULE_KINDS)[number];
  metric: AlertMetric | null;
  windowMinutes: number;
  condition: (typeof CONDITIONS)[number] | null;
  operator: (typeof OPERATORS)[number] | null;
  value: number | null;
  k: number | null;
  baselineDays: number | null;
  minArticles: number;
  phrase: string | null;
  repeatIntervalMinutes: number;
  cooldownMinutes: number;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type RuleDraft = Omit<AlertRule, 'id' | 'createdAt' | 'updatedAt'>;

const list = (item: z.ZodType<string>) => z.array(item).max(100).default([]);
const minutes = (min: number, max: number) =>
  z
    .number({ error: `expected a whole number of minutes from ${min} to ${max}` })
    .int(`expected a whole number of minutes from ${min} to ${max}`)
    .min(min, `expected a whole number of minutes from ${min} to ${max}`)
    .max(max, `expected a whole number of minutes from ${min} to ${max}`);
const word = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.join(', ')}` });

/** What a person sends to create a rule (API body, CLI flags); checked as a whole by {@link ruleDraftSchema}. */
export function ruleInputShape(lensNames: string[]) {
  return {
    name: z.string().trim().min(1, 'expected a name').max(200),
    lens: z
      .string()
      .refine((name) => lensNames.includes(name), `unknown lens; available lenses: ${lensNames.join(', ')}`),
    model: z.string().trim().min(1).max(200).nullable().default(null),
    filters: z
      .strictObject({
        outlet: list(z.string().trim().min(1).max(200)),
        country: list(
          z.string().regex(FILTER_CODE, 'expected a country code such as RU, CN or INT, or unknown'),
        ),
        language: list(
          z.string().regex(FILTER_CODE, 'expected a language code such as en, ru or zh, or unknown'),
        ),
        kind: list(word(FEED_KIND_VALUES)),
      })
      .default({ outlet: [], country: [], language: [], kind: [] })
      .transform((f) => ({
        ...f,
        country: f.country.map(filterCountry),
        language: f.language.map((l) => l.toLowerCase()),
      })),
    kind: word(RULE_KINDS).default('metric'),
    metric: word(ALERT_METRICS).nullable().default(null),
    windowMinutes: minutes(5, 43_200),
    condition: word(CONDITIONS).nullable().default(null),
    operator: word(OPERATORS).nullable().default(null),
    value: z.number({ error: 'expected a number' }).finite().nullable().default(null),
    k: z.number({ error: 'expected a number above 0' }).positive().max(100).nullable().default(null),
    baselineDays: z
      .number({ error: 'expected a whole number of days from 1 to 90' })
      .int()
      .min(1, 'expected a whole number of days from 1 to 90')
      .max(90, 'expected a whole number of days from 1 to 90')
      .nullable()
      .default(null),
    minArticles: z.number().int().min(0).max(1_000_000).default(1),
    phrase: z.string().trim().min(1).max(200).nullable().default(null),
    repeatIntervalMinutes: minutes(1, 525_600).default(240),
    cooldownMinutes: z.number().int().min(0).max(525_600).default(60),
    enabled: z.boolean({ error: 'expected true or false' }).default(true),
  };
}

/** A complete rule, its fields consistent with its kind and condition (the messages say what is missing). */
export function ruleDraftSchema(lensNames: string[]) {
  return z.strictObject(ruleInputShape(lensNames)).superRefine((rule, ctx) => {
    const need = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    if (rule.kind === 'new-term') {
      if (!rule.phrase) need('phrase', 'a new-term rule needs the phrase to watch');
      if (rule.baselineDays === null)
        need('baselineDays', 'a new-term rule needs baselineDays: how long the phrase must have been absent');
      if (rule.metric !== null || rule.condition !== null)
        need('kind', 'a new-term rule has no metric or condition');
      return;
    }
    if (rule.phrase !== null) need('phrase', 'only new-term rules watch a phrase');
    if (!rule.metric) need('metric', `a metric rule needs a metric: ${ALERT_METRICS.join(', ')}`);
    if (rule.condition === 'threshold') {
      if (rule.operator !== 'above' && rule.operator !== 'below')
        need('operator', 'a threshold needs operator above or below');
      if (rule.value === null) need('value', 'a threshold needs a value');
    } else if (rule.condition === 'baseline') {
      if (rule.k === null) need('k', 'a baseline condition needs k, the number of standard deviations');
      if (rule.baselineDays === null) need('baselineDays', 'a baseline condition needs baselineDays');
      else if (rule.baselineDays * 1440 < 3 * rule.windowMinutes)
        need('baselineDays', 'the baseline must span at least 3 windows');
    } else need('condition', 'a metric rule needs a condition: threshold or baseline');
  });
}

export type RuleInput = z.infer<ReturnType<typeof ruleDraftSchema>>;

/** What identifies one alert of a rule: the rule, and for new-term rules the phrase. */
export function fingerprintOf(rule: Pick<AlertRule, 'id' | 'kind' | 'phrase'>): string {
  if (rule.kind === 'new-term') return `rule:${rule.id}:term:${(rule.phrase ?? '').toLowerCase()}`;
  return `rule:${rule.id}`;
}
