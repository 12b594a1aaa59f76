import type { Database } from '../../../db/src/index.js';
import { AlertEventRepository } from './alert-event.repository.js';
import { AlertRuleRepository } from './alert-rule.repository.js';
import { AlertStateRepository } from './alert-state.repository.js';
import { RuleEvaluator, type AlertEventSink } from './rule-evaluator.js';
import { RuleJudge } from './rule-judge.js';
import { RuleWindowRepository } from './rule-window.repository.js';

/** The evaluator over one database, as the worker, the command line and the tests build it. */
export function createRuleEvaluator(
  db: Database,
  options: { defaultModel: string; dashboardUrl: string; sink: AlertEventSink | null },
): RuleEvaluator {
  return new RuleEvaluator({
    db,
    rules: new AlertRuleRepository(db),
    states: new AlertStateRepository(),
    events: new AlertEventRepository(db),
    judge: new RuleJudge(new RuleWindowRepository(db), options.defaultModel),
    sink: options.sink,
    dashboardUrl: options.dashboardUrl,
  });
}
