import type { Database } from '../../../db/src/index.js';
import { newEventId, type AlertEvent } from '../webhooks/alert-event.js';
import type { AlertEventRepository, StoredAlertEvent } from './alert-event.repository.js';
import { alertData, alertSummary, type Finding } from './alert-message.js';
import { fingerprintOf, type AlertRule } from './alert-rule.js';
import type { AlertRuleRepository } from './alert-rule.repository.js';
import type { AlertStateRepository } from './alert-state.repository.js';
import { nextTransition, type AlertState } from './alert-transition.js';
import type { RuleJudge } from './rule-judge.js';

/** Where events go: the webhooks' EventDispatcher (one delivery per subscribed endpoint, idempotent per event). */
export interface AlertEventSink {
  dispatch(event: AlertEvent): Promise<{ deliveries: number }>;
}

export interface RuleOutcome {
  ruleId: number;
  fingerprint: string;
  holds: boolean;
  value: number | null;
  /** What happened: an event was sent, or why not. */
  result: 'fired' | 'repeated' | 'resolved' | 'quiet' | 'still-firing' | 'cooling-down' | 'stale' | 'deleted';
  event?: { id: string; type: string; summary: string };
}

export interface EvaluationReport {
  at: Date;
  rules: RuleOutcome[];
  events: { id: string; type: string; ruleId: number; summary: string }[];
  dispatched: number;
  errors: string[];
}

/** Evaluates alert rules with Alertmanager semantics, stores each event, and hands it to the dispatcher. */
export class RuleEvaluator {
  constructor(
    private readonly deps: {
      db: Database;
      rules: AlertRuleRepository;
      states: AlertStateRepository;
      events: AlertEventRepository;
      judge: RuleJudge;
      /** Null: events are stored and handed over by the next evaluation that has a sink (the worker). */
      sink: AlertEventSink | null;
      dashboardUrl: string;
    },
  ) {}

  /** Every enabled rule at `now`. A rule that fails is reported in `errors`; the others still run. */
  async evaluateAll(now = new Date()): Promise<EvaluationReport> {
    const report: EvaluationReport = { at: now, rules: [], events: [], dispatched: 0, errors: [] };
    report.dispatched += await this.dispatchPending(report.errors);
    for (const rule of await this.deps.rules.list({ enabledOnly: true })) {
      try {
        const { outcome, event } = await this.evaluateRule(rule, now);
        report.rules.push(outcome);
        if (!event) continue;
        report.events.push({ id: event.id, type: event.type, ruleId: rule.id, summary: event.summary });
        if (await this.dispatch(event, report.errors)) report.dispatched += 1;
      } catch (error) {
        report.errors.push(`rule ${rule.id}: ${(error as Error).message}`);
      }
    }
    return report;
  }

  /** One rule at `now`, under its lock: at most one event, stored with the new state in one transaction. */
  async evaluateRule(
    rule: AlertRule,
    now: Date,
  ): Promise<{ outcome: RuleOutcome; event: StoredAlertEvent | null }> {
    const judgement = await this.deps.judge.judge(rule, now);
    const fingerprint = fingerprintOf(rule);
    const base = { ruleId: rule.id, fingerprint, holds: judgement.holds, value: judgement.value };
    return this.deps.db.transaction(async (client) => {
      if (!(await this.deps.states.lockRule(client, rule.id)))
        return { outcome: { ...base, result: 'deleted' as const }, event: null };
      const state = await this.deps.states.get(client, fingerprint);
      const transition = nextTransition(state, judgement.holds, now, rule);
      if (transition.kind === 'none') {
        if (state) await this.deps.states.touch(client, fingerprint, now);
        return { outcome: { ...base, result: transition.reason }, event: null };
      }
      const status = transition.kind === 'fire' ? 'firing' : 'resolved';
      await this.deps.states.save(client, nextState(state, status, rule.id, fingerprint, now));
      const finding: Finding = { rule, fingerprint, status, ...judgement };
      const event: StoredAlertEvent = {
        id: newEventId(),
        ruleId: rule.id,
        fingerprint,
        type: status === 'firing' ? 'alert.firing' : 'alert.resolved',
        status,
        value: judgement.value,
        evidence: judgement.evidence,
        articleIds: judgement.articleIds,
        summary: alertSummary(finding),
        data: alertData(finding, this.deps.dashboardUrl),
        occurredAt: now,
        dispatchedAt: null,
      };
      await this.deps.events.insert(client, event);
      const result = transition.kind === 'resolve' ? 'resolved' : transition.repeat ? 'repeated' : 'fired';
      return {
        outcome: { ...base, result, event: { id: event.id, type: event.type, summary: event.summary } },
        event,
      };
    });
  }

  /** Events stored but never handed over (a crash between commit and dispatch, or no sink then). */
  private async dispatchPending(errors: string[]): Promise<number> {
    if (!this.deps.sink) return 0;
    let dispatched = 0;
    for (const event of await this.deps.events.undispatched(100))
      if (await this.dispatch(event, errors)) dispatched += 1;
    return dispatched;
  }

  private async dispatch(event: StoredAlertEvent, errors: string[]): Promise<boolean> {
    if (!this.deps.sink) return false;
    try {
      await this.deps.sink.dispatch({
        id: event.id,
        type: event.type,
        occurredAt: event.occurredAt,
        data: event.data,
        summary: event.summary,
      });
      await this.deps.events.markDispatched(event.id, new Date());
      return true;
    } catch (error) {
      errors.push(`dispatch of ${event.id}: ${(error as Error).message}`);
      return false;
    }
  }
}

function nextState(
  state: AlertState | null,
  status: 'firing' | 'resolved',
  ruleId: number,
  fingerprint: string,
  now: Date,
): AlertState {
  if (status === 'resolved')
    return { ...state!, status, resolvedAt: now, lastChangeAt: now, lastEvaluatedAt: now };
  const repeat = state?.status === 'firing';
  return {
    fingerprint,
    ruleId,
    status,
    firstFiredAt: repeat ? state.firstFiredAt : now,
    lastSentAt: now,
    resolvedAt: repeat ? state.resolvedAt : null,
    lastChangeAt: repeat ? state.lastChangeAt : now,
    lastEvaluatedAt: now,
  };
}
