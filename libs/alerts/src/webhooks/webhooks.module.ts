import { Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../../config/src/index.js';
import { Database } from '../../../db/src/index.js';
import { AddressGuard } from '../../../http/src/index.js';
import { QueueName, queueToken } from '../../../queue/src/index.js';
import { DeliveryQueue } from './delivery-queue.js';
import { DeliverySweep } from './delivery-sweep.js';
import { EventDispatcher } from './event-dispatcher.js';
import { WebhookAdmin } from './webhook-admin.js';
import { WebhookDeliverer } from './webhook-deliverer.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import { WebhookEndpointRepository } from './webhook-endpoint.repository.js';
import { webhookAddressGuard } from './webhook-url-guard.js';

export const WEBHOOK_USER_AGENT = 'stancewatch-webhooks/0.1 (+https://github.com/stancewatch/stancewatch)';

/** A token of its own: the feeds' guard has another allow-list. */
export const WEBHOOK_ADDRESS_GUARD = Symbol('WEBHOOK_ADDRESS_GUARD');

/**
 * Endpoints, deliveries, the dispatcher the alert evaluator calls, and the deliverer and the sweep for
 * stranded deliveries the worker runs.
 */
@Module({
  providers: [
    {
      provide: WebhookEndpointRepository,
      inject: [Database],
      useFactory: (db: Database) => new WebhookEndpointRepository(db),
    },
    {
      provide: WebhookDeliveryRepository,
      inject: [Database],
      useFactory: (db: Database) => new WebhookDeliveryRepository(db),
    },
    {
      provide: WEBHOOK_ADDRESS_GUARD,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => webhookAddressGuard(config.webhooks.allowCidrs),
    },
    {
      provide: DeliveryQueue,
      inject: [queueToken(QueueName.WebhookDeliver)],
      useFactory: (queue: Queue) => new DeliveryQueue(queue),
    },
    {
      provide: DeliverySweep,
      inject: [WebhookDeliveryRepository, DeliveryQueue],
      useFactory: (deliveries: WebhookDeliveryRepository, queue: DeliveryQueue) =>
        new DeliverySweep(deliveries, queue),
    },
    {
      provide: EventDispatcher,
      inject: [WebhookEndpointRepository, WebhookDeliveryRepository, DeliveryQueue, AppConfig],
      useFactory: (
        endpoints: WebhookEndpointRepository,
        deliveries: WebhookDeliveryRepository,
        queue: DeliveryQueue,
        config: AppConfig,
      ) => new EventDispatcher(endpoints, deliveries, queue, config.dashboardUrl),
    },
    {
      provide: WebhookAdmin,
      inject: [
        WebhookEndpointRepository,
        WebhookDeliveryRepository,
        EventDispatcher,
        DeliveryQueue,
        WEBHOOK_ADDRESS_GUARD,
        AppConfig,
      ],
      useFactory: (
        endpoints: WebhookEndpointRepository,
        deliveries: WebhookDeliveryRepository,
        dispatcher: EventDispatcher,
        queue: DeliveryQueue,
        guard: AddressGuard,
        config: AppConfig,
      ) => new WebhookAdmin(endpoints, deliveries, dispatcher, queue, guard, config.dashboardUrl),
    },
    {
      provide: WebhookDeliverer,
      inject: [WebhookEndpointRepository, WebhookDeliveryRepository, WEBHOOK_ADDRESS_GUARD, AppConfig],
      useFactory: (
        endpoints: WebhookEndpointRepository,
        deliveries: WebhookDeliveryRepository,
        guard: AddressGuard,
        config: AppConfig,
      ) =>
        new WebhookDeliverer(endpoints, deliveries, {
          guard,
          timeoutMs: config.webhooks.timeoutMs,
          userAgent: WEBHOOK_USER_AGENT,
          retry: { scale: config.webhooks.retryScale },
        }),
    },
  ],
  exports: [
    DeliverySweep,
    EventDispatcher,
    WebhookAdmin,
    WebhookDeliverer,
    WebhookEndpointRepository,
    WebhookDeliveryRepository,
  ],
})
export class WebhooksModule {}
