import { BadRequestException, Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppConfig } from '../../../../libs/config/src/index.js';
import { defaultLens, loadLenses } from '../../../../libs/feeds/src/lens.js';
import { modelIdFor } from '../../../../libs/nlp/src/model-spec.js';
import { isTimeZone } from '../../../../libs/trends/src/time-zone.js';
import {
  GROUP_BY,
  TREND_INTERVALS,
  type TrendInterval,
} from '../../../../libs/trends/src/trend-query.repository.js';
import {
  MAX_BUCKETS,
  TrendService,
  type TrendParameters,
} from '../../../../libs/trends/src/trend-service.js';
import { orderedRange, sourceFilterShape, unknownParameters } from '../articles/article-list-query.js';
import { parseInput } from '../http/parse-input.js';
import { boundedNumber, once, oneOf, text } from '../http/query-params.js';
import { trendCsv } from './trend-csv.js';

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

/** How stance, sentiment, framing and attention moved: buckets with intervals and anomaly flags. */
@Controller('api/v1/trends')
export class TrendsController {
  private readonly schema;
  private readonly defaults: { lens: string; model: string };

  constructor(
    config: AppConfig,
    private readonly trends: TrendService,
  ) {
    const lenses = loadLenses(config.lensesFile);
    this.schema = z
      .strictObject(
        {
          ...sourceFilterShape(lenses.map((lens) => lens.name)),
          interval: once(oneOf(TREND_INTERVALS)).optional(),
          tz: once(
            text(64).refine(
              isTimeZone,
              'expected an IANA time zone such as UTC, Europe/Moscow or Asia/Shanghai',
            ),
          ).optional(),
          groupBy: once(oneOf(GROUP_BY)).optional(),
          k: once(boundedNumber(0.5, 10)).optional(),
          baseline: once(
            boundedNumber(3, 90).refine(Number.isInteger, 'expected a whole number of buckets'),
          ).optional(),
        },
        {
          error: (issue) => (issue.code === 'unrecognized_keys' ? unknownParameters(issue.keys) : undefined),
        },
      )
      .superRefine(orderedRange);
    this.defaults = {
      lens: defaultLens(lenses)?.name ?? lenses[0]?.name ?? '',
      model: modelIdFor(config.models.nliModel, 'nli'),
    };
  }

  @Get()
  async trend(
    @Query() raw: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const query = parseInput(this.schema, raw, 'query');
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
    const parameters: TrendParameters = {
      lens: query.lens ?? this.defaults.lens,
      model: query.model ?? this.defaults.model,
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
    const result = await this.trends.trend(parameters);
    if (request.accepts(['application/json', 'text/csv']) === 'text/csv') {
      response.type('text/csv; charset=utf-8');
      return trendCsv(result);
    }
    return result;
  }
}
