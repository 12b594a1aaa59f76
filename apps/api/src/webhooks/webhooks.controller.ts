import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  WebhookAdmin,
  WebhookEndpointRepository,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../../../../libs/alerts/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { ApiProblem } from '../http/problem-responses.js';
import {
  ApiAcceptedResponseFrom,
  ApiCreatedResponseFrom,
  ApiOkResponseFrom,
  ApiQueryFrom,
  zodSchema,
} from '../http/zod-openapi.js';
import { answering } from '../http/refusals.js';
import { WEBHOOK_REFUSALS } from './webhook-errors.js';
import {
  deliveryListResponse,
  registeredWebhookResponse,
  testQueuedResponse,
  webhookEndpointSchema,
  webhookListResponse,
} from './webhook-responses.js';
import {
  deliveryListQuerySchema,
  webhookCreateSchema,
  webhookIdSchema,
  webhookPatchSchema,
} from './webhook-inputs.js';

/**
 * Webhook endpoints, admin only: their URLs can carry credentials (a Slack webhook URL is one). The
 * signing secret is in the answer to POST and nowhere else.
 */
@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly admin: WebhookAdmin,
    private readonly endpoints: WebhookEndpointRepository,
  ) {}

  @Post()
  @Access('admin')
  @ApiOperation({
    operationId: 'registerWebhook',
    summary: 'register an endpoint; the answer holds its signing secret, shown this once',
    description:
      'Deliveries follow Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature` ' +
      '(`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed with the base64 after `whsec_`).',
  })
  @ApiCreatedResponseFrom(registeredWebhookResponse, 'the endpoint and `secret` (`whsec_…`): store it now')
  @ApiBody({ schema: zodSchema(webhookCreateSchema) })
  async create(@Body() body: unknown): Promise<WebhookEndpoint & { secret: string }> {
    const input = parseInput(webhookCreateSchema, body, 'body');
    const { endpoint, secret } = await answering(WEBHOOK_REFUSALS, () =>
      this.admin.register({ ...input, description: input.description ?? null }),
    );
    return { ...endpoint, secret };
  }

  @Get()
  @Access('admin')
  @ApiOperation({ operationId: 'listWebhooks', summary: 'every endpoint (never its secret)' })
  @ApiOkResponseFrom(webhookListResponse, 'every endpoint')
  async list(): Promise<{ webhooks: WebhookEndpoint[] }> {
    return { webhooks: await this.endpoints.list() };
  }

  @Get(':id')
  @Access('admin')
  @ApiOperation({ operationId: 'getWebhook', summary: 'one endpoint (never its secret)' })
  @ApiOkResponseFrom(webhookEndpointSchema, 'the endpoint')
  @ApiProblem(404, 'no endpoint with this id')
  async get(@Param('id', { schema: webhookIdSchema }) idText: string): Promise<WebhookEndpoint> {
    return answering(WEBHOOK_REFUSALS, () =>
      this.admin.endpoint(parseInput(webhookIdSchema, idText, 'path')),
    );
  }

  @Patch(':id')
  @Access('admin')
  @ApiOperation({
    operationId: 'updateWebhook',
    summary: 'enable or disable an endpoint, or change its event types or description',
  })
  @ApiOkResponseFrom(webhookEndpointSchema, 'the updated endpoint')
  @ApiBody({ schema: zodSchema(webhookPatchSchema) })
  @ApiProblem(404, 'no endpoint with this id')
  async update(
    @Param('id', { schema: webhookIdSchema }) idText: string,
    @Body() body: unknown,
  ): Promise<WebhookEndpoint> {
    const id = parseInput(webhookIdSchema, idText, 'path');
    const endpoint = await this.endpoints.update(id, parseInput(webhookPatchSchema, body, 'body'));
    if (!endpoint) throw new NotFoundException(`no webhook endpoint with id ${id}`);
    return endpoint;
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('admin')
  @ApiOperation({ operationId: 'deleteWebhook', summary: 'delete an endpoint and its delivery log' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiProblem(404, 'no endpoint with this id')
  async remove(@Param('id', { schema: webhookIdSchema }) idText: string): Promise<void> {
    const id = parseInput(webhookIdSchema, idText, 'path');
    if (!(await this.endpoints.remove(id))) throw new NotFoundException(`no webhook endpoint with id ${id}`);
  }

  @Post(':id/test')
  @HttpCode(202)
  @Access('admin')
  @ApiOperation({
    operationId: 'testWebhook',
    summary: 'queue a `test` event for this endpoint; the worker delivers it',
  })
  @ApiAcceptedResponseFrom(testQueuedResponse, 'the queued delivery: follow it in the deliveries')
  @ApiProblem(404, 'no endpoint with this id')
  @ApiProblem(409, 'the endpoint is disabled')
  async test(
    @Param('id', { schema: webhookIdSchema }) idText: string,
  ): Promise<{ deliveryId: number; eventId: string }> {
    return answering(WEBHOOK_REFUSALS, () =>
      this.admin.sendTest(parseInput(webhookIdSchema, idText, 'path')),
    );
  }

  @Get(':id/deliveries')
  @Access('admin')
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary:
      'the latest deliveries to this endpoint: status, attempts, last status code and error, next attempt',
  })
  @ApiQueryFrom(deliveryListQuerySchema)
  @ApiOkResponseFrom(deliveryListResponse, 'the latest deliveries, newest first')
  @ApiProblem(404, 'no endpoint with this id')
  async deliveries(
    @Param('id', { schema: webhookIdSchema }) idText: string,
    @Query() query: unknown,
  ): Promise<{ deliveries: WebhookDelivery[] }> {
    const id = parseInput(webhookIdSchema, idText, 'path');
    const { limit } = parseInput(deliveryListQuerySchema, query, 'query');
    return { deliveries: await answering(WEBHOOK_REFUSALS, () => this.admin.deliveriesOf(id, limit)) };
  }
}
