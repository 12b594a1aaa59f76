import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { WebhookAdmin, type WebhookDelivery } from '../../../../libs/alerts/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { ApiProblem } from '../http/problem-responses.js';
import { ApiAcceptedResponseFrom } from '../http/zod-openapi.js';
import { answering } from '../http/refusals.js';
import { WEBHOOK_REFUSALS } from './webhook-errors.js';
import { webhookIdSchema } from './webhook-inputs.js';
import { webhookDeliverySchema } from './webhook-responses.js';

@ApiTags('webhooks')
@Controller('api/v1/webhooks/deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly admin: WebhookAdmin) {}

  @Post(':id/redeliver')
  @HttpCode(202)
  @Access('admin')
  @ApiOperation({
    operationId: 'redeliverWebhookDelivery',
    summary: 'send a delivery again: same webhook-id and body, the retry schedule from the start',
    description:
      'Works on failed and on delivered deliveries alike (a receiver that lost an event can ask for it ' +
      'again; it de-duplicates by webhook-id). A pending delivery waiting for a retry is sent now.',
  })
  @ApiAcceptedResponseFrom(webhookDeliverySchema, 'the delivery, pending again')
  @ApiProblem(404, 'no delivery with this id')
  @ApiProblem(409, 'its endpoint is disabled')
  async redeliver(@Param('id', { schema: webhookIdSchema }) idText: string): Promise<WebhookDelivery> {
    return answering(WEBHOOK_REFUSALS, () =>
      this.admin.redeliver(parseInput(webhookIdSchema, idText, 'path')),
    );
  }
}
