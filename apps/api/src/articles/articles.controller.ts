import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ScoreRepository } from '../../../../libs/scoring/src/index.js';
import { ArticleRepository } from '../../../../libs/feeds/src/index.js';
import { Lenses } from '../../../../libs/lens/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { ApiProblem } from '../http/problem-responses.js';
import { ApiOkResponseFrom } from '../http/zod-openapi.js';
import { articleIdSchema, articleDetailResponse } from './article-responses.js';
import { scoreView } from './score-view.js';
import { termsInArticle } from './term-view.js';

@ApiTags('articles')
@Controller('api/v1/articles')
export class ArticlesController {
  constructor(
    private readonly articles: ArticleRepository,
    private readonly scores: ScoreRepository,
    private readonly lenses: Lenses,
  ) {}

  /**
   * One article with its scores per lens and model (several models side by side after a reclassify), where
   * the lens terms sit in its text, and the other copies of its story.
   */
  @Get(':id')
  @Access('read')
  @ApiOperation({
    operationId: 'getArticle',
    summary: 'one article with its scores per lens and model, its lens terms and its story',
  })
  @ApiOkResponseFrom(articleDetailResponse, 'the article with `scores`, one per lens and model')
  @ApiProblem(404, 'no article with this id')
  async get(@Param('id', { schema: articleIdSchema }) idText: string) {
    const id = parseInput(articleIdSchema, idText, 'path');
    const article = await this.articles.get(id);
    if (!article) throw new NotFoundException(`no article with id ${id}`);
    const [scores, story] = await Promise.all([this.scores.forArticle(id), this.articles.copies(article)]);
    return {
      ...article,
      scores: scores.map((score) => ({ lens: score.lens, ...scoreView(score) })),
      terms: termsInArticle(article, this.lenses.relevance()),
      story,
    };
  }
}
