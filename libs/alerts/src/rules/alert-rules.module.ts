import { Module } from '@nestjs/common';
import { AppConfig } from '../../../config/src/index.js';
import { Database } from '../../../db/src/index.js';
import { Lenses } from '../../../lens/src/index.js';
import { modelIdFor } from '../../../nlp/src/index.js';
import { EventDispatcher } from '../webhooks/event-dispatcher.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AlertEventRepository } from './alert-event.repository.js';
import { AlertRuleService } from './alert-rule-service.js';
import { AlertRuleRepository } from './alert-rule.repository.js';
import { createRuleEvaluator } from './create-rule-evaluator.js';
import { RuleEvaluator } from './rule-evaluator.js';

/**
 * Alert rules and their events, the service the API and the CLI change rules through, and the evaluator
 * that hands events to the webhooks.
 */
@Module({
  imports: [WebhooksModule],
  providers: [
    {
      provide: AlertRuleRepository,
      inject: [Database],
      useFactory: (db: Database) => new AlertRuleRepository(db),
    },
    {
      provide: AlertRuleService,
      inject: [AlertRuleRepository, Lenses],
      useFactory: (rules: AlertRuleRepository, lenses: Lenses) => new AlertRuleService(rules, lenses.names),
    },
    {
      provide: AlertEventRepository,
      inject: [Database],
      useFactory: (db: Database) => new AlertEventRepository(db),
    },
    {
      provide: RuleEvaluator,
      inject: [Database, AppConfig, EventDispatcher],
      useFactory: (db: Database, config: AppConfig, dispatcher: EventDispatcher) =>
        createRuleEvaluator(db, {
          defaultModel: modelIdFor(config.models.nliModel, 'nli'),
          dashboardUrl: config.dashboardUrl,
          sink: dispatcher,
        }),
    },
  ],
  exports: [AlertRuleRepository, AlertRuleService, AlertEventRepository, RuleEvaluator],
})
export class AlertRulesModule {}
