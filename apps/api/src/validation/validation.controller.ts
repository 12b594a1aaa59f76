import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../../../../libs/config/src/index.js';
import {
  heldOutFor,
  LabelRepository,
  validateModel,
  VALIDATION_METHODS,
} from '../../../../libs/scoring/src/index.js';
import { sourceFilterShape, strictQuery } from '../articles/article-list-query.js';
import { ScoringDefaults } from '../articles/scoring-defaults.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { once, text } from '../http/query-params.js';
import { ApiOkResponseFrom, ApiQueryFrom } from '../http/zod-openapi.js';
import { validationResponse } from './validation-responses.js';

const validationQuerySchema = strictQuery({
  lens: sourceFilterShape.lens,
  model: sourceFilterShape.model,
  annotator: once(text(200))
    .optional()
    .describe("validate against this annotator's labels alone (default: every annotator's majority)"),
});

/** How well a model's stance labels match the gold labels, overall, per language and per kind of outlet. */
@ApiTags('labels')
@Controller('api/v1/validation')
export class ValidationController {
  constructor(
    private readonly labels: LabelRepository,
    private readonly scoring: ScoringDefaults,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Access('read')
  @ApiOperation({
    operationId: 'getValidation',
    summary: "a model's stance labels against the gold labels: accuracy, macro-F1, confusion, calibration",
  })
  @ApiQueryFrom(validationQuerySchema)
  @ApiOkResponseFrom(validationResponse, 'the figures, overall and per language and kind of outlet')
  async get(@Query() raw: unknown) {
    const query = parseInput(validationQuerySchema, raw, 'query');
    const lens = this.scoring.lensOf(query.lens);
    const model = this.scoring.modelOf(query.model);
    const heldOut = await heldOutFor(this.config.models.localDir, model, this.scoring.modelOf(undefined));
    const { report } = await validateModel(this.labels, lens, model, query.annotator, heldOut);
    return { ...report, methods: VALIDATION_METHODS };
  }
}
