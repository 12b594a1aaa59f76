import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ArticleImporter,
  parseJsonLines,
  type ImportRecord,
  type ImportRejection,
  type ImportResult,
} from '../../../../libs/feeds/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { ApiProblem } from '../http/problem-responses.js';
import { ApiOkResponseFrom, zodSchema } from '../http/zod-openapi.js';
import { importResultResponse } from './article-responses.js';
import { IMPORT_MAX_BYTES } from './import-body.js';

const jsonBodySchema = z.strictObject({
  articles: z
    .array(z.unknown(), { error: 'expected an array of articles' })
    .max(50_000, 'at most 50000 articles'),
});

/** Back-fill: the same normalisation, relevance, de-duplication and classification as polled articles. */
@ApiTags('articles')
@Controller('api/v1/articles')
export class ArticleImportController {
  constructor(private readonly importer: ArticleImporter) {}

  /**
   * `{"articles": [...]}` (positions reported as `line`, 1-based) or a JSON Lines body
   * (`Content-Type: application/x-ndjson`, line numbers of the body). Bad records are reported and the
   * rest imported: 200 with the counts.
   */
  @Post('import')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({
    operationId: 'importArticles',
    summary: 'import (back-fill) articles: normalised, checked for relevance, de-duplicated and classified',
    description:
      '`{"articles": [...]}` as `application/json`, or one article a line as `application/x-ndjson` ' +
      `(JSON Lines), at most ${IMPORT_MAX_BYTES / 1024 / 1024} MiB. Bad records are reported and the rest imported.`,
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: zodSchema(jsonBodySchema) },
        'application/x-ndjson': {
          schema: { type: 'string', description: 'one JSON article a line; lines are numbered from 1' },
        },
      },
    },
  })
  @ApiOkResponseFrom(importResultResponse, 'the counts, and each rejected record by line with the reason')
  @ApiProblem(413, `the body is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MiB`)
  async import(@Body() body: unknown): Promise<ImportResult> {
    const { records, rejected } = recordsOf(body);
    if (records.length + rejected.length === 0)
      throw new BadRequestException('body: no articles; send {"articles": [...]} or JSON Lines');
    return this.importer.import(records, 'api', rejected);
  }
}

function recordsOf(body: unknown): { records: ImportRecord[]; rejected: ImportRejection[] } {
  if (typeof body === 'string') return parseJsonLines(body);
  if (
    body === undefined ||
    (typeof body === 'object' && body !== null && Object.keys(body).length === 0 && !Array.isArray(body))
  )
    throw new BadRequestException(
      'body: expected {"articles": [...]} as application/json, or JSON Lines as application/x-ndjson',
    );
  const { articles } = parseInput(jsonBodySchema, body, 'body');
  return { records: articles.map((value, index) => ({ line: index + 1, value })), rejected: [] };
}
