import {
  type StoredAlertEvent,
  AlertEventRepository,
  AlertRuleInputError,
  AlertRuleService,
  type AlertRule,
  RuleEvaluator,
} from '../../../../libs/alerts/src/index.js';
import type { CliContext } from '../cli-context.js';
import { UsageError, printJson, type CliIo } from '../cli-io.js';

export interface AddRuleOptions {
  name?: string;
  lens?: string;
  model?: string;
  outlet?: string[];
  country?: string[];
  language?: string[];
  kind?: string[];
  metric?: string;
  window?: string;
  condition?: string;
  operator?: string;
  value?: string;
  k?: string;
  baselineDays?: string;
  minArticles?: string;
  phrase?: string;
  repeat?: string;
  cooldown?: string;
  disabled?: boolean;
  json?: boolean;
}

/** "90", "90m", "6h", "1d" → minutes. */
export function parseMinutes(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\s*(m|min|h|d)?$/i.exec(text.trim());
  if (!match)
    throw new UsageError(`${flag} expects minutes or a duration such as 90m, 6h or 1d, got "${text}"`);
  const unit = (match[2] ?? 'm').toLowerCase();
  return Number(match[1]) * (unit === 'h' ? 60 : unit === 'd' ? 1440 : 1);
}

function parseNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`${flag} expects a number, got "${text}"`);
  return value;
}

const FLAG_OF: Record<string, string> = {
  windowMinutes: '--window',
  repeatIntervalMinutes: '--repeat',
  cooldownMinutes: '--cooldown',
  enabled: '--disabled',
};

const time = (date: Date | null) => date?.toISOString() ?? '-';

function ruleLine(rule: AlertRule): string {
  const what =
    rule.kind === 'new-term'
      ? `new term "${rule.phrase}" (absent ${rule.baselineDays} d)`
      : rule.condition === 'threshold'
        ? `${rule.metric} ${rule.operator} ${rule.value}`
        : `${rule.metric} ${rule.operator ?? 'either'} ${rule.k} SD of ${rule.baselineDays} d`;
  return [
    String(rule.id).padStart(4),
    rule.enabled ? 'on ' : 'off',
    rule.name.slice(0, 28).padEnd(28),
    `${rule.lens} / ${rule.windowMinutes} min`.padEnd(26),
    what,
  ].join('  ');
}

/** The service's refusal in the words of the command line: each field as the flag that sets it. */
function flagsOf(error: AlertRuleInputError): string {
  const flag = (path: PropertyKey[]) => {
    const field = String(path[0] === 'filters' ? path[1] : path[0]);
    return FLAG_OF[field] ?? `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  };
  return error.issues.map((issue) => `${flag(issue.path)}: ${issue.message}`).join('; ');
}

/** Creates a rule from flags through the service the API uses, so both check it the same way. */
export async function addRule(ctx: CliContext, opts: AddRuleOptions, io: CliIo): Promise<number> {
  const input = {
    name: opts.name,
    lens: opts.lens ?? ctx.lenses.default?.name,
    model: opts.model ?? null,
    filters: {
      outlet: opts.outlet ?? [],
      country: opts.country ?? [],
      language: opts.language ?? [],
      kind: opts.kind ?? [],
    },
    kind: opts.phrase !== undefined ? 'new-term' : 'metric',
    metric: opts.metric ?? null,
    windowMinutes: parseMinutes(opts.window, '--window'),
    condition: opts.condition ?? null,
    operator: opts.operator ?? null,
    value: parseNumber(opts.value, '--value') ?? null,
    k: parseNumber(opts.k, '--k') ?? null,
    baselineDays: parseNumber(opts.baselineDays, '--baseline-days') ?? null,
    minArticles: parseNumber(opts.minArticles, '--min-articles'),
    phrase: opts.phrase ?? null,
    repeatIntervalMinutes: parseMinutes(opts.repeat, '--repeat'),
    cooldownMinutes: parseMinutes(opts.cooldown, '--cooldown'),
    enabled: !opts.disabled,
  };
  const rule = await (await ctx.service(AlertRuleService)).create(input).catch((error: unknown) => {
    throw error instanceof AlertRuleInputError ? new UsageError(flagsOf(error)) : error;
  });
  if (opts.json) printJson(io, rule);
  else io.stdout.write(`created rule ${rule.id}\n${ruleLine(rule)}\n`);
  return 0;
}

export async function listRules(ctx: CliContext, opts: { json?: boolean }, io: CliIo): Promise<number> {
  const rules = await (await ctx.service(AlertRuleService)).list();
  for (const rule of rules) {
    if (opts.json) printJson(io, rule);
    else io.stdout.write(`${ruleLine(rule)}\n`);
  }
  if (!opts.json) io.stderr.write(`${rules.length} rules\n`);
  return 0;
}

export async function listEvents(
  ctx: CliContext,
  opts: { rule?: string; status?: string; limit?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const ruleId = parseNumber(opts.rule, '--rule');
  if (ruleId !== undefined && (!Number.isSafeInteger(ruleId) || ruleId <= 0))
    throw new UsageError(`--rule expects a rule id (see \`stancewatch alerts list\`), got "${opts.rule}"`);
  if (opts.status !== undefined && !['firing', 'resolved'].includes(opts.status))
    throw new UsageError(`--status expects firing or resolved, got "${opts.status}"`);
  const limit = parseNumber(opts.limit, '--limit') ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError('--limit expects 1 to 200');
  const events = await new AlertEventRepository(ctx.db).list({
    ruleId: ruleId ?? null,
    status: (opts.status as 'firing' | 'resolved' | undefined) ?? null,
    from: null,
    to: null,
    after: null,
    limit,
  });
  for (const event of events) {
    if (opts.json) printJson(io, eventJson(event));
    else
      io.stdout.write(
        `${time(event.occurredAt)}  ${event.status.padEnd(8)}  rule ${event.ruleId}  ${event.summary}\n`,
      );
  }
  if (!opts.json) io.stderr.write(`${events.length} events\n`);
  return 0;
}

function eventJson(event: StoredAlertEvent) {
  const { data, articleIds: _ids, ...rest } = event;
  return { ...rest, articles: data.articles, dashboardUrl: data.dashboardUrl, window: data.window };
}

/**
 * Evaluates every enabled rule now (or at --at), stores the events and queues their webhook deliveries
 * for the running worker; prints what fired and resolved.
 */
export async function evaluateNow(
  ctx: CliContext,
  opts: { at?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const at = opts.at === undefined ? new Date() : new Date(opts.at);
  if (Number.isNaN(at.getTime()))
    throw new UsageError(`--at expects an ISO 8601 date-time, got "${opts.at}"`);
  // The worker's evaluator, handing events to the webhooks' dispatcher: deliveries go to the worker.
  const report = await (await ctx.service(RuleEvaluator)).evaluateAll(at);
  if (opts.json) printJson(io, report);
  else {
    for (const outcome of report.rules)
      if (outcome.event)
        io.stdout.write(`${outcome.result.padEnd(8)}  rule ${outcome.ruleId}  ${outcome.event.summary}\n`);
    io.stderr.write(
      `${report.rules.length} rules evaluated at ${at.toISOString()}: ${report.events.length} events, ${report.dispatched} handed to webhooks\n`,
    );
  }
  for (const error of report.errors) io.stderr.write(`stancewatch: ${error}\n`);
  return report.errors.length > 0 ? 1 : 0;
}
