import { Module } from '@nestjs/common';
import { AppConfig } from '../../../config/src/index.js';
import { Database } from '../../../db/src/index.js';
import { modelIdFor } from '../../../nlp/src/index.js';
import { EventDispatcher } from '../webhooks/event-dispatcher.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AlertEventRepository } from './alert-event.repository.js';
import { AlertRuleRepository } from './alert-rule.repository.js';
import { createRuleEvaluator } from './create-rule-evaluator.js';
import { RuleEvaluator } from './rule-evaluator.js';

/** Alert rules and their events (for the API), and the evaluator that hands events to the webhooks. */
@Module({
  imports: [WebhooksModule],
  providers: [
    {
      provide: AlertRuleRepository,
      inject: [Database],
      useFactory: (db: Database) => new AlertRuleRepository(db),
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
  exports: [AlertRuleRepository, AlertEventRepository, RuleEvaluator],
})
export class AlertRulesModule {}
