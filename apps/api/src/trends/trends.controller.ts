import { BadRequestException, Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  CorrectedTrendTooLargeError,
  CORRECTIONS,
  GROUP_BY,
  TREND_INTERVALS,
  type TrendInterval,
  MAX_BUCKETS,
  TrendTooLargeError,
  TrendService,
  type Correction,
  type TrendParameters,
  type TrendColumnsResult,
  type TrendResult,
} from '../../../../libs/trends/src/index.js';
import { LabelRepository, planCorrection } from '../../../../libs/scoring/src/index.js';
import { AppConfig } from '../../../../libs/config/src/index.js';
import { orderedRange, sourceFilterShape, strictQuery } from '../articles/article-list-query.js';
import { ScoringDefaults } from '../articles/scoring-defaults.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { RateLimitGuard } from '../http/rate-limit.guard.js';
import { answering, type Refusal } from '../http/refusals.js';
import { booleanWord, boundedNumber, once, oneOf, text } from '../http/query-params.js';
import { BOM_DESCRIPTION, UTF8_BOM } from '../http/csv.js';
import { ApiJsonOrCsvResponseFrom, ApiQueryFrom } from '../http/zod-openapi.js';
import { trendCsv } from './trend-csv.js';
import { trendResponses } from './trend-schema.js';
import {
  cacheStatus,
  CONTENT_CODINGS,
  RenderedTrend,
  trendEtag,
  TrendResponseCache,
  type CacheOutcome,
  type ContentCoding,
} from './trend-response.js';

const TREND_REFUSALS: Refusal[] = [
  [TrendTooLargeError, (error) => new BadRequestException(error.message)],
  [CorrectedTrendTooLargeError, (error) => new BadRequestException(error.message)],
];

const TREND_SHAPES = ['points', 'columns'] as const;
type TrendShape = (typeof TREND_SHAPES)[number];

const DAY_MS = 86_400_000;
const INTERVAL_MS: Record<TrendInterval, number> = {
  hour: 3_600_000,
  day: DAY_MS,
  week: 7 * DAY_MS,
  month: 28 * DAY_MS,
};
const DEFAULT_SPAN_MS: Record<TrendInterval, number> = {
  hour: 2 * DAY_MS,
  day: 30 * DAY_MS,
  week: 182 * DAY_MS,
  month: 730 * DAY_MS,
};

const trendQuerySchema = strictQuery({
  ...sourceFilterShape,
  interval: once(oneOf(TREND_INTERVALS)).optional().describe('bucket length; default day'),
  // Checked against the runtime and the database by TrendService.whyNotTimeZone once parsed.
  tz: once(text(64)).optional().describe('IANA time zone in which days, weeks and months begin; default UTC'),
  groupBy: once(oneOf(GROUP_BY)).optional().describe('one series per group; default none (one series)'),
  k: once(boundedNumber(0.5, 10))
    .optional()
    .describe('anomaly threshold in standard deviations from the baseline, from 0.5 to 10; default 3'),
  baseline: once(boundedNumber(3, 90).refine(Number.isInteger, 'expected a whole number of buckets'))
    .optional()
    .describe('buckets in the rolling baseline of the anomaly test, from 3 to 90; default 7'),
  shape: once(oneOf(TREND_SHAPES))
    .optional()
    .describe(
      'points (default): an object per bucket; columns: the buckets once and an array per figure and series, ' +
        'the same figures in a smaller body that is quicker to make (not with correction=). CSV is one form',
    ),
  bom: once(booleanWord).optional().describe(BOM_DESCRIPTION),
  correction: once(oneOf(CORRECTIONS))
    .optional()
    .describe(
      "correct the shares for the model's measured confusion on the gold labels: acc (label counts) or pacc " +
        '(class probabilities); default none. The response says how, or why not',
    ),
}).superRefine(orderedRange);

/** How stance, sentiment, framing and attention moved: buckets with intervals and anomaly flags. */
@ApiTags('trends')
@Controller('api/v1/trends')
export class TrendsController {
  private readonly cache: TrendResponseCache;

  constructor(
    private readonly scoring: ScoringDefaults,
    private readonly trends: TrendService,
    private readonly rateLimit: RateLimitGuard,
    private readonly labels: LabelRepository,
    config: AppConfig,
  ) {
    this.cache = new TrendResponseCache(config.api.trendCacheBytes);
    this.minLabelsPerClass = config.api.correctionMinLabelsPerClass;
  }

  private readonly minLabelsPerClass: number;

  @Get()
  @Access('read')
  @ApiOperation({
    operationId: 'getTrend',
    summary: 'stance, sentiment, framing and attention per bucket, with 95% intervals and anomaly flags',
    description:
      `Default period: the last 2 days (hour), 30 days (day), 26 weeks (week) or 2 years (month); at most ${MAX_BUCKETS} buckets. ` +
      'A computed trend is kept until the data it was computed from changes (new scores, articles, ' +
      'rollups or feed attributes), so a repeated request is answered from memory and never stale; ' +
      '`Cache-Control: no-cache` asks for a fresh computation (with an API key; without one it is answered ' +
      'from memory too, and at most RATE_LIMIT_UNCACHED_PER_MINUTE trends and sources a minute are computed ' +
      'for an address, else 429); `Cache-Status` says whether the answer came ' +
      'from memory (an answer over half the cache is not kept). Responses carry an ETag: `If-None-Match` ' +
      'gets 304 while the trend is unchanged. Bodies are compressed (br, gzip) when the client accepts it.',
  })
  @ApiQueryFrom(trendQuerySchema)
  @ApiJsonOrCsvResponseFrom(
    trendResponses,
    '`{query, anomaly, intervals, points}` (or `series` when grouped): the buckets, the parameters as understood and ' +
      'the anomaly test used; with shape=columns `{query, anomaly, intervals, buckets, columns}` (or `series`)',
    'one row per series and bucket',
  )
  async trend(@Query() raw: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const query = parseInput(trendQuerySchema, raw, 'query');
    const lens = this.scoring.lensOf(query.lens);
    const interval = query.interval ?? 'day';
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - DEFAULT_SPAN_MS[interval]);
    if (from.getTime() >= to.getTime()) throw new BadRequestException('query.from: must be earlier than to');
    const buckets = Math.ceil((to.getTime() - from.getTime()) / INTERVAL_MS[interval]);
    if (buckets > MAX_BUCKETS) {
      throw new BadRequestException(
        `query: ${buckets} ${interval} buckets requested; at most ${MAX_BUCKETS}: narrow from/to or choose a longer interval`,
      );
    }
    // After the period is known: a zone is refused only for periods in which the runtime and the
    // database disagree about it.
    const zoneProblem = query.tz ? await this.trends.whyNotTimeZone(query.tz, from, to) : null;
    if (zoneProblem) throw new BadRequestException(`query.tz: ${zoneProblem}`);
    const parameters: TrendParameters = {
      lens,
      model: this.scoring.modelOf(query.model),
      from,
      to,
      interval,
      tz: query.tz ?? 'UTC',
      groupBy: query.groupBy ?? 'none',
      filters: {
        feed: query.feed,
        outlet: query.outlet,
        country: query.country,
        language: query.language,
        kind: query.kind,
      },
      k: query.k ?? 3,
      baseline: query.baseline ?? 7,
    };
    const csv = request.accepts(['application/json', 'text/csv']) === 'text/csv';
    // The cache is never stale, so a fresh computation only serves someone measuring it: a caller
    // without a key asking for one is answered from memory like anyone else.
    const fresh =
      /no-cache/i.test(request.get('cache-control') ?? '') && (await this.rateLimit.hasKey(request));
    const version = await this.trends.dataVersion();
    const correction = query.correction ?? 'none';
    // CSV has one form; a corrected trend has only the points.
    const shape: TrendShape = csv ? 'points' : (query.shape ?? 'points');
    if (shape === 'columns' && correction !== 'none')
      throw new BadRequestException(
        'query.shape: columns is not available with correction=; leave shape out for a corrected trend',
      );
    const bom = csv && query.bom === true;
    const key = JSON.stringify(shape === 'points' ? [csv, bom, parameters, correction] : [shape, parameters]);
    response.vary('Accept').vary('Accept-Encoding');
    // Clients may keep the body but must ask again each time: an unchanged trend then costs a 304.
    response.setHeader('Cache-Control', 'private, no-cache');
    response.setHeader('ETag', trendEtag(key, version));
    if (request.fresh) {
      response.status(304).end();
      return;
    }
    const { trend, outcome } = await this.rendered(
      key,
      version,
      () =>
        shape === 'columns' ? this.trends.trendColumns(parameters) : this.compute(parameters, correction),
      csv,
      bom,
      fresh,
      () => this.rateLimit.spendUncachedRead(request, response),
    );
    // Says whether the answer came from memory, so an operator can see what the cache keeps.
    response.setHeader('Cache-Status', cacheStatus(outcome));
    const coding = (request.acceptsEncodings(CONTENT_CODINGS) || 'identity') as ContentCoding;
    const encoded = await trend.as(coding);
    if (encoded.coding !== 'identity') response.setHeader('Content-Encoding', encoded.coding);
    response.status(200).type(trend.type).send(encoded.body);
  }

  /** The trend, corrected as asked: the plan comes from the gold labels of the lens and model. */
  private async compute(parameters: TrendParameters, correction: Correction): Promise<TrendResult> {
    if (correction === 'none') return this.trends.trend(parameters);
    const { labels, scores } = await this.labels.goldSet(parameters.lens, parameters.model);
    const plan = planCorrection(labels, scores, correction, this.minLabelsPerClass);
    const result = await this.trends.trend(parameters, plan.correction);
    return { ...result, correction: { ...plan.summary } };
  }

  /**
   * The trend rendered for this request: from the cache when it was computed at the current data
   * version, unless the client asks for a fresh computation; and what the cache did. A computation
   * first spends one of the caller's costly reads (`spend`).
   */
  private async rendered(
    key: string,
    version: string,
    compute: () => Promise<TrendResult | TrendColumnsResult>,
    csv: boolean,
    bom: boolean,
    fresh: boolean,
    spend: () => Promise<void>,
  ): Promise<{ trend: RenderedTrend; outcome: CacheOutcome }> {
    const cached = fresh ? undefined : this.cache.get(key, version);
    if (cached) return { trend: cached, outcome: 'hit' };
    await spend();
    const result = await answering(TREND_REFUSALS, compute);
    const trend = csv
      ? new RenderedTrend(
          'text/csv; charset=utf-8',
          Buffer.from(`${bom ? UTF8_BOM : ''}${trendCsv(result as TrendResult)}`),
        )
      : new RenderedTrend('application/json; charset=utf-8', Buffer.from(JSON.stringify(result)));
    if (!this.cache.set(key, version, trend)) return { trend, outcome: 'too-large' };
    return { trend, outcome: fresh ? 'fresh' : 'stored' };
  }
}
