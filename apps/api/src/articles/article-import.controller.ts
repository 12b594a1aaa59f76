import { BadRequestException, Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { AppConfig } from '../../../../libs/config/src/index.js';
import { ArticleRepository, Database, FeedRepository } from '../../../../libs/db/src/index.js';
import {
  ArticleImporter,
  parseJsonLines,
  type ImportRecord,
  type ImportRejection,
  type ImportResult,
} from '../../../../libs/feeds/src/ingest/article-import.js';
import { loadLenses } from '../../../../libs/feeds/src/lens.js';
import { RelevanceFilter } from '../../../../libs/feeds/src/relevance/relevance-filter.js';
import { ClassifyProducer } from '../../../../libs/queue/src/index.js';
import { TrendRollupRepository } from '../../../../libs/trends/src/trend-rollup.repository.js';
import { AdminGuard } from '../auth/admin.guard.js';
import { parseInput } from '../http/parse-input.js';

const jsonBodySchema = z.strictObject({
  articles: z
    .array(z.unknown(), { error: 'expected an array of articles' })
    .max(50_000, 'at most 50000 articles'),
});

/** Back-fill: the same normalisation, relevance, de-duplication and classification as polled articles. */
@Controller('api/v1/articles')
export class ArticleImportController {
  private readonly importer: ArticleImporter;

  constructor(
    config: AppConfig,
    db: Database,
    feeds: FeedRepository,
    articles: ArticleRepository,
    classify: ClassifyProducer,
  ) {
    this.importer = new ArticleImporter({
      db,
      feeds,
      articles,
      rollups: new TrendRollupRepository(db),
      lenses: loadLenses(config.lensesFile).map((lens) => ({
        name: lens.name,
        filter: new RelevanceFilter(lens),
      })),
      classify,
      origin: 'api',
      pollIntervalSec: config.poll.defaultIntervalSec,
    });
  }

  /**
   * `{"articles": [...]}` (positions reported as `line`, 1-based) or a JSON Lines body
   * (`Content-Type: application/x-ndjson`, line numbers of the body). Bad records are reported and the
   * rest imported: 200 with the counts.
   */
  @Post('import')
  @HttpCode(200)
  @UseGuards(AdminGuard)
  async import(@Body() body: unknown): Promise<ImportResult> {
    const { records, rejected } = recordsOf(body);
    if (records.length + rejected.length === 0)
      throw new BadRequestException('body: no articles; send {"articles": [...]} or JSON Lines');
    return this.importer.import(records, rejected);
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
