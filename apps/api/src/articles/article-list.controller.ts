import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  ArticleSearchRepository,
  type ArticleListRow,
  type ArticleSearchFilter,
} from '../../../../libs/scoring/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { UTF8_BOM, toCsv, type CsvCell } from '../http/csv.js';
import { nextPageUrl } from '../http/keyset-cursor.js';
import { parseInput } from '../http/parse-input.js';
import { ApiJsonOrCsvResponseFrom, ApiQueryFrom } from '../http/zod-openapi.js';
import { articlePageResponse } from './article-responses.js';
import { articleListSchema, encodeCursor, toSearchFilter } from './article-list-query.js';
import { ScoringDefaults } from './scoring-defaults.js';
import { scoreView } from './score-view.js';

/** The article list: filters, full-text search, scores of one lens and model, keyset pages; JSON or CSV. */
@ApiTags('articles')
@Controller('api/v1/articles')
export class ArticleListController {
  constructor(
    private readonly scoring: ScoringDefaults,
    private readonly search: ArticleSearchRepository,
  ) {}

  @Get()
  @Access('read')
  @ApiOperation({
    operationId: 'listArticles',
    summary: 'articles newest first, filtered and searched, with the scores of one lens and model',
    description:
      'Keyset pages: pass `nextCursor` as `cursor` for the next page (in CSV, the `Link: rel="next"` header).',
  })
  @ApiQueryFrom(articleListSchema)
  @ApiJsonOrCsvResponseFrom(
    articlePageResponse,
    '`{articles, nextCursor, query}`: a page of articles and the parameters as understood, defaults included',
    'the same page as RFC 4180 CSV, one row per article (with bom=true, after a UTF-8 byte-order mark)',
  )
  async list(@Query() raw: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const query = parseInput(articleListSchema, raw, 'query');
    const filter = toSearchFilter(query, this.scoring);
    // One row more than the page says whether there is a next page.
    const rows = await this.search.search({ ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > filter.limit && last
        ? encodeCursor({ publishedMicros: last.publishedMicros, id: last.id })
        : null;
    if (request.accepts(['application/json', 'text/csv']) === 'text/csv') {
      response.type('text/csv; charset=utf-8');
      if (nextCursor)
        response.setHeader('Link', `<${nextPageUrl(request.originalUrl, nextCursor)}>; rel="next"`);
      return `${query.bom ? UTF8_BOM : ''}${articlesCsv(page)}`;
    }
    return { articles: page.map(articleView), nextCursor, query: understood(filter) };
  }
}

function articleView(row: ArticleListRow) {
  const score = row.score;
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    outlet: row.outlet,
    country: row.country,
    kind: row.kind,
    language: row.language,
    feedId: row.feedId,
    publishedAt: row.publishedAt,
    relevant: row.relevant,
    matchedTerms: row.matchedTerms,
    gdeltTone: row.gdeltTone,
    score: score && scoreView(score),
  };
}

/** The parameters as the server understood them, defaults included, so a client can tell what it got. */
function understood(filter: ArticleSearchFilter) {
  return {
    lens: filter.lens,
    model: filter.model,
    from: filter.from,
    to: filter.to,
    feed: filter.feedIds,
    outlet: filter.outlets,
    country: filter.countries,
    language: filter.languages,
    kind: filter.kinds,
    q: filter.q,
    label: filter.labels,
    minScore: filter.minScore,
    maxScore: filter.maxScore,
    relevant: filter.relevant,
    cursor: filter.after ? encodeCursor(filter.after) : null,
    limit: filter.limit,
  };
}

const CSV_HEADER = [
  'id',
  'published_at',
  'outlet',
  'country',
  'kind',
  'language',
  'title',
  'url',
  'relevant',
  'matched_terms',
  'model',
  'stance_label',
  'stance_score',
  'p_supportive',
  'p_neutral',
  'p_critical',
  'sentiment_label',
  'sentiment_score',
  'gdelt_tone',
  'framing_score',
];

function articlesCsv(rows: ArticleListRow[]): string {
  return toCsv(
    CSV_HEADER,
    rows.map((row): CsvCell[] => [
      row.id,
      row.publishedAt.toISOString(),
      row.outlet,
      row.country,
      row.kind,
      row.language,
      row.title,
      row.url,
      row.relevant,
      row.matchedTerms.join('; '),
      row.score?.model,
      row.score?.stanceLabel,
      row.score?.stanceScore,
      row.score?.pSupportive,
      row.score?.pNeutral,
      row.score?.pCritical,
      row.score?.sentimentLabel,
      row.score?.sentimentScore,
      row.gdeltTone,
      row.score?.framingScore,
    ]),
  );
}
