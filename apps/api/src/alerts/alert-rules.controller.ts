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
} from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AlertRuleInputError,
  AlertRuleNotFoundError,
  AlertRuleService,
  ruleDraftSchema,
  type AlertRule,
} from '../../../../libs/alerts/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { badInput, parseInput } from '../http/parse-input.js';
import { ApiProblem } from '../http/problem-responses.js';
import { positiveId } from '../http/query-params.js';
import { answering, type Refusal } from '../http/refusals.js';
import { ApiCreatedResponseFrom, ApiOkResponseFrom, zodSchema } from '../http/zod-openapi.js';
import { alertRuleListResponse, alertRuleSchema } from './alert-responses.js';

const RULE_REFUSALS: Refusal[] = [
  [AlertRuleNotFoundError, (error) => new NotFoundException(error.message)],
  [AlertRuleInputError, (error) => badInput((error as AlertRuleInputError).issues, 'body')],
];

/** Alert rules: read by anyone allowed to read, changed with the admin key. */
@ApiTags('alerts')
@Controller('api/v1/alerts/rules')
export class AlertRulesController {
  constructor(private readonly rules: AlertRuleService) {}

  @Get()
  @Access('read')
  @ApiOperation({ operationId: 'listAlertRules', summary: 'every alert rule' })
  @ApiOkResponseFrom(alertRuleListResponse, 'every rule')
  async list(): Promise<{ rules: AlertRule[] }> {
    return { rules: await this.rules.list() };
  }

  @Get(':id')
  @Access('read')
  @ApiOperation({ operationId: 'getAlertRule', summary: 'one alert rule' })
  @ApiOkResponseFrom(alertRuleSchema, 'the rule')
  @ApiProblem(404, 'no rule with this id')
  get(@Param('id', { schema: positiveId }) idText: string): Promise<AlertRule> {
    return answering(RULE_REFUSALS, () => this.rules.get(parseInput(positiveId, idText, 'path')));
  }

  @Post()
  @Access('admin')
  @ApiOperation({
    operationId: 'createAlertRule',
    summary:
      'create a rule: a metric over a trailing window against a threshold or its baseline, or a new term',
  })
  @ApiCreatedResponseFrom(alertRuleSchema, 'the stored rule')
  @ApiBody({ schema: zodSchema(ruleDraftSchema([])) })
  async create(@Body() body: unknown): Promise<AlertRule> {
    return answering(RULE_REFUSALS, () => this.rules.create(body));
  }

  @Patch(':id')
  @Access('admin')
  @ApiOperation({
    operationId: 'updateAlertRule',
    summary: 'change some fields of a rule (e.g. `{"enabled": false}`); the result is checked whole',
  })
  @ApiOkResponseFrom(alertRuleSchema, 'the updated rule')
  @ApiBody({ schema: { type: 'object', description: 'any of the fields of POST /api/v1/alerts/rules' } })
  @ApiProblem(404, 'no rule with this id')
  async update(
    @Param('id', { schema: positiveId }) idText: string,
    @Body() body: unknown,
  ): Promise<AlertRule> {
    const id = parseInput(positiveId, idText, 'path');
    return answering(RULE_REFUSALS, () => this.rules.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('admin')
  @ApiOperation({ operationId: 'deleteAlertRule', summary: 'delete a rule (its events stay in the log)' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiProblem(404, 'no rule with this id')
  async remove(@Param('id', { schema: positiveId }) idText: string): Promise<void> {
    const id = parseInput(positiveId, idText, 'path');
    await answering(RULE_REFUSALS, () => this.rules.delete(id));
  }
}
