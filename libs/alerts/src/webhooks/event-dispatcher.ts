import type { AlertEvent } from './alert-event.js';
import type { DeliveryQueue } from './delivery-queue.js';
import { eventBody } from './event-body.js';
import type { DeliveryRound, WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import type { WebhookEndpoint, WebhookEndpointRepository } from './webhook-endpoint.repository.js';

export type { AlertEvent } from './alert-event.js';

/**
 * Turns an event into deliveries: one per enabled endpoint subscribed to its type (or to all), each
 * with its body serialised once and stored, each queued on webhook-deliver. Idempotent per
 * (event id, endpoint): dispatching the same event again makes no new delivery and sends nothing twice.
 */
export class EventDispatcher {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly queue: DeliveryQueue,
    private readonly dashboardUrl: string,
  ) {}

  async dispatch(event: AlertEvent): Promise<{ deliveries: number }> {
    const endpoints = await this.endpoints.subscribedTo(event.type);
    const rounds = await Promise.all(endpoints.map((endpoint) => this.store(endpoint, event)));
    await this.queue.enqueue(rounds);
    return { deliveries: rounds.length };
  }

  /** Delivers an event to one endpoint whatever it subscribes to (a test event); the delivery id. */
  async sendTo(endpoint: WebhookEndpoint, event: AlertEvent): Promise<number> {
    const round = await this.store(endpoint, event);
    await this.queue.enqueue([round]);
    return round.id;
  }

  private store(endpoint: WebhookEndpoint, event: AlertEvent): Promise<DeliveryRound> {
    const body = eventBody(event, endpoint.slack, this.dashboardUrl);
    return this.deliveries.upsert(endpoint.id, event.id, event.type, body);
  }
}
