import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AnnotationRepository } from '../../../../libs/trends/src/index.js';
import { ScoringDefaults } from '../articles/scoring-defaults.js';
import { Access } from '../auth/access.decorator.js';
import { annotatorOf, ApiKeyAuthenticator } from '../auth/api-key-authenticator.js';
import { badInput, parseInput } from '../http/parse-input.js';
import { ApiProblem } from '../http/problem-responses.js';
import { ApiCreatedResponseFrom, ApiOkResponseFrom, ApiQueryFrom, zodSchema } from '../http/zod-openapi.js';
import {
  annotationBodySchema,
  annotationIdSchema,
  annotationListQuerySchema,
  MAX_ANNOTATIONS,
} from './annotation-inputs.js';
import { annotationListResponse, annotationSchema } from './annotation-responses.js';

/** Dated notes ("Xi in Moscow") that every chart draws: operators write them, reads are open like the trends. */
@ApiTags('annotations')
@Controller('api/v1/annotations')
export class AnnotationsController {
  constructor(
    private readonly annotations: AnnotationRepository,
    private readonly scoring: ScoringDefaults,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  @Get()
  @Access('read')
  @ApiOperation({
    operationId: 'listAnnotations',
    summary: 'the annotations that overlap a period, earliest first',
  })
  @ApiQueryFrom(annotationListQuerySchema)
  @ApiOkResponseFrom(annotationListResponse, 'the annotations')
  async list(@Query() raw: unknown) {
    const query = parseInput(annotationListQuerySchema, raw, 'query');
    const annotations = await this.annotations.overlapping({
      from: query.from ?? null,
      to: query.to ?? null,
      lens: query.lens ?? null,
      limit: query.limit ?? MAX_ANNOTATIONS,
    });
    return { annotations };
  }

  @Post()
  @Access('admin')
  @ApiOperation({ operationId: 'createAnnotation', summary: 'mark a date or a period on every chart' })
  @ApiBody({ schema: zodSchema(annotationBodySchema) })
  @ApiCreatedResponseFrom(annotationSchema, 'the annotation as stored')
  async create(@Body() body: unknown, @Req() request: Request) {
    const input = parseInput(annotationBodySchema, body, 'body');
    const lens = input.lens ?? null;
    if (lens !== null && !this.scoring.lensNames.includes(lens))
      throw badInput(
        [{ path: ['lens'], message: `unknown lens; available lenses: ${this.scoring.lensNames.join(', ')}` }],
        'body',
      );
    const caller = await this.authenticator.identify(request);
    return this.annotations.create({
      startsAt: input.startsAt,
      endsAt: input.endsAt ?? null,
      title: input.title,
      note: input.note ?? null,
      lens,
      createdBy: caller.kind === 'key' ? annotatorOf(caller) : 'admin',
    });
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('admin')
  @ApiOperation({ operationId: 'deleteAnnotation', summary: 'remove an annotation' })
  @ApiNoContentResponse({ description: 'removed' })
  @ApiProblem(404, 'no annotation with this id')
  async remove(@Param('id', { schema: annotationIdSchema }) idText: string): Promise<void> {
    const id = parseInput(annotationIdSchema, idText, 'path');
    if (!(await this.annotations.delete(id))) throw new NotFoundException(`no annotation with id ${id}`);
  }
}
