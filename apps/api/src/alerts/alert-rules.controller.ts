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
import { z } from 'zod';
import {
  ruleDraftSchema,
  ruleInputShape,
  type AlertRule,
  type RuleDraft,
  AlertRuleRepository,
} from '../../../../libs/alerts/src/index.js';
import { Lenses } from '../../../../libs/lens/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { ApiProblem } from '../http/problem-responses.js';
import { positiveId } from '../http/query-params.js';
import { ApiCreatedResponseFrom, ApiOkResponseFrom, zodSchema } from '../http/zod-openapi.js';
import { alertRuleListResponse, alertRuleSchema } from './alert-responses.js';

/** The fields a rule is made of, without id and timestamps: what PATCH merges into. */
export function draftOf(rule: AlertRule): RuleDraft {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...draft } = rule;
  return draft;
}

/** Alert rules: read by anyone allowed to read, changed with the admin key. */
@ApiTags('alerts')
@Controller('api/v1/alerts/rules')
export class AlertRulesController {
  private readonly draftSchema;
  private readonly patchSchema;

  constructor(
    lenses: Lenses,
    private readonly rules: AlertRuleRepository,
  ) {
    const lensNames = lenses.names;
    this.draftSchema = ruleDraftSchema(lensNames);
    // Any subset of the fields; the merged rule is then checked as a whole.
    const shape = ruleInputShape(lensNames);
    this.patchSchema = z
      .strictObject(Object.fromEntries(Object.keys(shape).map((key) => [key, z.unknown()])))
      .partial();
  }

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
    return this.existing(idText);
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
    return this.rules.create(parseInput(this.draftSchema, body, 'body'));
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
    const patch = parseInput(this.patchSchema, body, 'body');
    const rule = await this.existing(idText);
    const merged = parseInput(this.draftSchema, { ...draftOf(rule), ...patch }, 'body');
    const updated = await this.rules.replace(rule.id, merged);
    if (!updated) throw new NotFoundException(`no alert rule with id ${rule.id}`);
    return updated;
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('admin')
  @ApiOperation({ operationId: 'deleteAlertRule', summary: 'delete a rule (its events stay in the log)' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiProblem(404, 'no rule with this id')
  async remove(@Param('id', { schema: positiveId }) idText: string): Promise<void> {
    const id = parseInput(positiveId, idText, 'path');
    if (!(await this.rules.delete(id))) throw new NotFoundException(`no alert rule with id ${id}`);
  }

  private async existing(idText: string): Promise<AlertRule> {
    const id = parseInput(positiveId, idText, 'path');
    const rule = await this.rules.get(id);
    if (!rule) throw new NotFoundException(`no alert rule with id ${id}`);
    return rule;
  }
}
