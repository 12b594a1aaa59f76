import { randomBytes } from 'node:crypto';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Logger,
  NotFoundException,
  Param,
  Put,
  Query,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { LabelRepository, summariseLabels } from '../../../../libs/scoring/src/index.js';
import { articleIdSchema } from '../articles/article-responses.js';
import { ScoringDefaults } from '../articles/scoring-defaults.js';
import { Access } from '../auth/access.decorator.js';
import { annotatorOf, ApiKeyAuthenticator } from '../auth/api-key-authenticator.js';
import { decodeKeysetCursor, encodeKeysetCursor, nextPageUrl } from '../http/keyset-cursor.js';
import { badInput, parseInput } from '../http/parse-input.js';
import { ApiProblem } from '../http/problem-responses.js';
import { ApiJsonOrCsvResponseFrom, ApiOkResponseFrom, ApiQueryFrom, zodSchema } from '../http/zod-openapi.js';
import {
  DEFAULT_LABEL_PAGE,
  DEFAULT_SAMPLE,
  labelBodySchema,
  labelDeleteQuerySchema,
  labelListQuerySchema,
  labelSampleQuerySchema,
  labelSummaryQuerySchema,
} from './label-inputs.js';
import {
  labelPageResponse,
  labelSampleResponse,
  labelSummaryResponse,
  storedLabelSchema,
} from './label-responses.js';
import { labelsCsv, labelView, listedLabelView, sampleView } from './label-views.js';

/**
 * Gold labels: an annotator (the caller's key) says what an article's stance toward a lens's target
 * is; the list, samples of articles still to label, and a summary with the annotators' agreement.
 */
@ApiTags('labels')
@Controller('api/v1')
export class LabelsController {
  private readonly logger = new Logger(LabelsController.name);

  constructor(
    private readonly labels: LabelRepository,
    private readonly scoring: ScoringDefaults,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  @Put('articles/:id/labels')
  @Access('annotate')
  @ApiOperation({
    operationId: 'putArticleLabel',
    summary: "store the caller's label of an article for a lens (replacing theirs)",
  })
  @ApiBody({ schema: zodSchema(labelBodySchema) })
  @ApiOkResponseFrom(storedLabelSchema, 'the label as stored')
  @ApiProblem(404, 'no article with this id')
  async put(
    @Param('id', { schema: articleIdSchema }) idText: string,
    @Body() body: unknown,
    @Req() request: Request,
  ) {
    const articleId = parseInput(articleIdSchema, idText, 'path');
    const { lens, label, note } = parseInput(labelBodySchema, body, 'body');
    if (!this.scoring.lensNames.includes(lens))
      throw badInput(
        [{ path: ['lens'], message: `unknown lens; available lenses: ${this.scoring.lensNames.join(', ')}` }],
        'body',
      );
    const annotator = await this.annotatorOf(request);
    const stored = await this.labels.put({ articleId, lens, annotator, label, note: note ?? null });
    if (!stored) throw new NotFoundException(`no article with id ${articleId}`);
    this.logger.log({ msg: 'label stored', articleId, lens, annotator, label });
    return labelView(stored);
  }

  @Delete('articles/:id/labels')
  @HttpCode(204)
  @Access('annotate')
  @ApiOperation({
    operationId: 'deleteArticleLabel',
    summary: "remove the caller's label of an article for a lens",
  })
  @ApiQueryFrom(labelDeleteQuerySchema)
  @ApiNoContentResponse({ description: 'removed' })
  @ApiProblem(404, 'the caller has no label of this article for this lens')
  async remove(
    @Param('id', { schema: articleIdSchema }) idText: string,
    @Query() raw: unknown,
    @Req() request: Request,
  ): Promise<void> {
    const articleId = parseInput(articleIdSchema, idText, 'path');
    const { lens } = parseInput(labelDeleteQuerySchema, raw, 'query');
    const annotator = await this.annotatorOf(request);
    if (!(await this.labels.remove(articleId, lens, annotator)))
      throw new NotFoundException(`"${annotator}" has no label of article ${articleId} for the lens ${lens}`);
    this.logger.log({ msg: 'label removed', articleId, lens, annotator });
  }

  @Get('labels')
  @Access('annotate')
  @ApiOperation({
    operationId: 'listLabels',
    summary: 'labels newest first, by lens, annotator and label time',
    description:
      'Keyset pages: pass `nextCursor` as `cursor` for the next page (in CSV, the `Link: rel="next"` header).',
  })
  @ApiQueryFrom(labelListQuerySchema)
  @ApiJsonOrCsvResponseFrom(
    labelPageResponse,
    '`{labels, nextCursor, query}`: a page of labels with their articles',
    'the same page as RFC 4180 CSV, one row per label',
  )
  async list(@Query() raw: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const query = parseInput(labelListQuerySchema, raw, 'query');
    const cursor = query.cursor ? decodeKeysetCursor(query.cursor) : null;
    const limit = query.limit ?? DEFAULT_LABEL_PAGE;
    const rows = await this.labels.list({
      lens: query.lens ?? null,
      article: query.article ?? null,
      annotator: query.annotator ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      after: cursor && { labelledMicros: cursor.micros, id: cursor.id },
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeKeysetCursor({ micros: last.labelledMicros, id: last.id }) : null;
    if (request.accepts(['application/json', 'text/csv']) === 'text/csv') {
      response.type('text/csv; charset=utf-8');
      if (nextCursor)
        response.setHeader('Link', `<${nextPageUrl(request.originalUrl, nextCursor)}>; rel="next"`);
      return labelsCsv(page);
    }
    return {
      labels: page.map(listedLabelView),
      nextCursor,
      query: {
        lens: query.lens ?? null,
        article: query.article ?? null,
        annotator: query.annotator ?? null,
        from: query.from ?? null,
        to: query.to ?? null,
        cursor: query.cursor ?? null,
        limit,
      },
    };
  }

  @Get('labels/sample')
  @Access('annotate')
  @ApiOperation({
    operationId: 'sampleArticlesToLabel',
    summary: 'a random sample of scored articles the caller has not labelled for a lens',
    description:
      'Reproducible with `seed`; stratified proportionally by language, kind of outlet or outlet when asked. ' +
      'Articles skipped rather than labelled may be drawn again.',
  })
  @ApiQueryFrom(labelSampleQuerySchema)
  @ApiOkResponseFrom(labelSampleResponse, 'the articles drawn, in draw order, and how the sample was drawn')
  async sample(@Query() raw: unknown, @Req() request: Request) {
    const query = parseInput(labelSampleQuerySchema, raw, 'query');
    const lens = this.scoring.lensOf(query.lens);
    const model = this.scoring.modelOf(query.model);
    const annotator = await this.annotatorOf(request);
    const seed = query.seed ?? randomBytes(6).toString('base64url');
    const n = query.n ?? DEFAULT_SAMPLE;
    const stratify = query.stratify ?? null;
    const drawing = { lens, model, annotator, n, seed, stratify };
    const drawn = await this.labels.sample({ ...drawing, from: query.from ?? null, to: query.to ?? null });
    return sampleView(drawing, drawn);
  }

  @Get('labels/summary')
  @Access('annotate')
  @ApiOperation({
    operationId: 'summariseLabels',
    summary: "a lens's labels: how many, from whom, the gold set per class and language, and the agreement",
  })
  @ApiQueryFrom(labelSummaryQuerySchema)
  @ApiOkResponseFrom(labelSummaryResponse, "the lens's gold labels and the annotators' agreement")
  async summary(@Query() raw: unknown) {
    const lens = this.scoring.lensOf(parseInput(labelSummaryQuerySchema, raw, 'query').lens);
    return { lens, ...summariseLabels(await this.labels.forLens(lens)) };
  }

  /** The guard let the request through with a key that reaches `annotate`; labels are that key's. */
  private async annotatorOf(request: Request): Promise<string> {
    const caller = await this.authenticator.identify(request);
    if (caller.kind !== 'key')
      throw new UnauthorizedException('labels need an API key with the annotate scope');
    return annotatorOf(caller);
  }
}
