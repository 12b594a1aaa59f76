import { BadRequestException, Body, Controller, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ArticleImporter,
  IMPORT_FORMATS,
  forEachImportChunk,
  type ImportEntry,
  type ImportResult,
} from '../../../../libs/feeds/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { ApiProblem } from '../http/problem-responses.js';
import { ApiOkResponseFrom, ApiQueryFrom, zodSchema } from '../http/zod-openapi.js';
import { importResultResponse } from './article-responses.js';
import { IMPORT_MAX_BYTES } from './import-body.js';
import { bodyEntries, importQuerySchema, isFormatError, jsonBodyEntries } from './import-request.js';

const jsonBodySchema = z.strictObject({
  articles: z
    .array(z.unknown(), { error: 'expected an array of articles' })
    .max(50_000, 'at most 50000 articles'),
});

const MIB = IMPORT_MAX_BYTES / 1024 / 1024;

/** Back-fill: the same normalisation, relevance, de-duplication and classification as polled articles. */
@ApiTags('articles')
@Controller('api/v1/articles')
export class ArticleImportController {
  constructor(private readonly importer: ArticleImporter) {}

  /**
   * `{"articles": [...]}` (stancewatch's own records, or GDELT DOC artlist JSON; positions reported as
   * `line`, 1-based), JSON Lines (`application/x-ndjson`), a CSV (`text/csv`: Media Cloud or mapped),
   * GKG 2.1 (`text/tab-separated-values`) or a zip of one such file (`application/zip`), the format
   * named by `?format=` or told from the content. Bad records are reported and the rest imported: 200
   * with the counts; a body no format fits is a 400 and nothing is imported.
   */
  @Post('import')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({
    operationId: 'importArticles',
    summary: 'import (back-fill) articles: normalised, checked for relevance, de-duplicated and classified',
    description:
      '`{"articles": [...]}` as `application/json` (stancewatch records, or a GDELT DOC artlist answer as it ' +
      'comes), one article a line as `application/x-ndjson` (JSON Lines), a Media Cloud story CSV or any CSV ' +
      'with a header (`text/csv`, with `map` naming the columns), GDELT GKG 2.1 rows ' +
      "(`text/tab-separated-values`) or GDELT's `.gkg.csv.zip` (`application/zip`); at most " +
      `${MIB} MiB. \`format\` (${IMPORT_FORMATS.join(', ')}) names the format; auto tells it from the ` +
      'content type and the content. Bad records are reported and the rest imported.',
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: zodSchema(jsonBodySchema) },
        'application/x-ndjson': {
          schema: { type: 'string', description: 'one JSON article a line; lines are numbered from 1' },
        },
        'text/csv': {
          schema: { type: 'string', description: 'a CSV with a header (Media Cloud, or any with `map`)' },
        },
        'text/tab-separated-values': {
          schema: { type: 'string', description: 'GDELT GKG 2.1 rows: 27 tab-separated columns, no header' },
        },
        'application/zip': {
          schema: { type: 'string', format: 'binary', description: 'a zip holding one file of the above' },
        },
      },
    },
  })
  @ApiQueryFrom(importQuerySchema)
  @ApiOkResponseFrom(importResultResponse, 'the counts, and each rejected record by line with the reason')
  @ApiProblem(400, 'the body is in no format the route reads, or not in the one `format` names')
  @ApiProblem(413, `the body is larger than ${MIB} MiB`)
  async import(
    @Body() body: unknown,
    @Query() rawQuery: unknown,
    @Headers('content-type') contentType = '',
  ): Promise<ImportResult> {
    const query = parseInput(importQuerySchema, rawQuery, 'query');
    const { records, rejected, skipped } = await collected(await this.entriesOf(body, contentType, query));
    if (records.length + rejected.length + skipped === 0)
      throw new BadRequestException('body: no articles; send {"articles": [...]}, JSON Lines or an export');
    return this.importer.import(records, 'api', rejected, skipped);
  }

  private async entriesOf(
    body: unknown,
    contentType: string,
    query: z.infer<typeof importQuerySchema>,
  ): Promise<AsyncIterable<ImportEntry> | ImportEntry[]> {
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      try {
        return await bodyEntries(body, contentType, query);
      } catch (error) {
        throw badFormat(error);
      }
    }
    if (
      body === undefined ||
      (typeof body === 'object' && body !== null && Object.keys(body).length === 0 && !Array.isArray(body))
    )
      throw new BadRequestException(
        'body: expected {"articles": [...]} as application/json, JSON Lines as application/x-ndjson, ' +
          'a CSV as text/csv, GKG rows as text/tab-separated-values or a zip as application/zip',
      );
    if (query.format !== 'auto' && query.format !== 'jsonl' && query.format !== 'gdelt-doc')
      throw new BadRequestException(
        `format: ${query.format} is not JSON; send it as text/csv, text/tab-separated-values or application/zip`,
      );
    const { articles } = parseInput(jsonBodySchema, body, 'body');
    return jsonBodyEntries(articles, query.format);
  }
}

/**
 * The whole body's entries before anything is stored (the body is at most 5 MiB, a zip's content at
 * most 64 MiB): a format error found halfway fails the request with nothing imported.
 */
async function collected(entries: AsyncIterable<ImportEntry> | ImportEntry[]) {
  const all = {
    records: [] as { line: number; value: unknown }[],
    rejected: [] as { line: number; reason: string }[],
    skipped: 0,
  };
  const iterable: AsyncIterable<ImportEntry> = Array.isArray(entries)
    ? (async function* () {
        yield* entries;
      })()
    : entries;
  try {
    await forEachImportChunk(iterable, async (chunk) => {
      all.records.push(...chunk.records);
      all.rejected.push(...chunk.rejected);
      all.skipped += chunk.skipped;
    });
  } catch (error) {
    throw badFormat(error);
  }
  return all;
}

function badFormat(error: unknown): unknown {
  return isFormatError(error) ? new BadRequestException(`body: ${error.message}`) : error;
}
