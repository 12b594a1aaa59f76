import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { feedErrorForReaders } from '../../../../libs/feeds/src/index.js';
import { SourceStatsRepository, type SourceStatsRow } from '../../../../libs/trends/src/index.js';
import { urlWithoutCredentials } from '../../../../libs/http/src/index.js';
import { orderedRange, sourceFilterShape, strictQuery } from '../articles/article-list-query.js';
import { ScoringDefaults } from '../articles/scoring-defaults.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { RateLimitGuard } from '../http/rate-limit.guard.js';
import { ApiOkResponseFrom, ApiQueryFrom } from '../http/zod-openapi.js';
import { sourcesResponse } from './source-responses.js';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;

const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

const sourcesQuerySchema = strictQuery(sourceFilterShape).superRefine(orderedRange);

interface Sums {
  scored: number;
  sumStance: number;
  nSupportive: number;
  nNeutral: number;
  nCritical: number;
}

/** Mean stance and label shares from summed counts; null where nothing was scored. */
function scoreFigures(sums: Sums) {
  const { scored } = sums;
  const share = (n: number) => (scored > 0 ? n / scored : null);
  return {
    scored,
    meanStance: scored > 0 ? sums.sumStance / scored : null,
    shareSupportive: share(sums.nSupportive),
    shareNeutral: share(sums.nNeutral),
    shareCritical: share(sums.nCritical),
  };
}

/**
 * Per feed and per outlet: volume and scores over a period (the UTC days that the period touches,
 * from the daily rollups), and each feed's polling health.
 */
@ApiTags('sources')
@Controller('api/v1/sources')
export class SourcesController {
  constructor(
    private readonly scoring: ScoringDefaults,
    private readonly stats: SourceStatsRepository,
    private readonly rateLimit: RateLimitGuard,
  ) {}

  @Get()
  @Access('read')
  @ApiOperation({
    operationId: 'listSources',
    summary: "per feed and per outlet: volume and scores over a period, and each feed's polling health",
    description:
      `The period covers the UTC days it touches; default: the last ${DEFAULT_DAYS} days. Computed on ` +
      'each request (feed health changes with every poll), so without an API key at most ' +
      'RATE_LIMIT_UNCACHED_PER_MINUTE trends and sources a minute per address, else 429.',
  })
  @ApiQueryFrom(sourcesQuerySchema)
  @ApiOkResponseFrom(sourcesResponse, 'figures per feed and per outlet, and the parameters as understood')
  async list(@Query() raw: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const query = parseInput(sourcesQuerySchema, raw, 'query');
    const lens = this.scoring.lensOf(query.lens);
    const model = this.scoring.modelOf(query.model);
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(Date.parse(utcDay(to)) - (DEFAULT_DAYS - 1) * DAY_MS);
    // The period [from, to) touches the UTC days from from's day to the day of its last millisecond.
    const fromDay = utcDay(from);
    const toDay = utcDay(new Date(to.getTime() - 1));
    // Counts articles over the period: a costly read, limited for callers without a key.
    await this.rateLimit.spendUncachedRead(request, response);
    const rows = await this.stats.list({
      lens,
      model,
      fromDay,
      toDay,
      feedIds: query.feed,
      outlets: query.outlet,
      countries: query.country,
      languages: query.language,
      kinds: query.kind,
    });
    return {
      sources: rows.map(sourceView),
      outlets: outletViews(rows),
      query: {
        lens,
        model,
        from,
        to,
        days: { from: fromDay, to: toDay },
        feed: query.feed,
        outlet: query.outlet,
        country: query.country,
        language: query.language,
        kind: query.kind,
      },
    };
  }
}

function sourceView(row: SourceStatsRow) {
  return {
    feedId: row.feedId,
    // Read routes are open to anonymous callers: a feed URL's user and password are not theirs to see.
    url: urlWithoutCredentials(row.url),
    title: row.title,
    outlet: row.outlet,
    country: row.country,
    language: row.language,
    kind: row.kind,
    enabled: row.enabled,
    articles: row.articles,
    relevant: row.relevant,
    ...scoreFigures(row),
    health: {
      lastSuccessAt: row.lastSuccessAt,
      lastPolledAt: row.lastPolledAt,
      lastStatus: row.lastStatus,
      consecutiveFailures: row.consecutiveFailures,
      lastError: feedErrorForReaders(row.lastError, row.url),
    },
  };
}

/** An outlet's figures add up its feeds' sums, so its mean is weighted by each feed's scored count. */
function outletViews(rows: SourceStatsRow[]) {
  const byOutlet = new Map<string, SourceStatsRow[]>();
  for (const row of rows) byOutlet.set(row.outlet, [...(byOutlet.get(row.outlet) ?? []), row]);
  return [...byOutlet].map(([outlet, feeds]) => {
    const sum = (pick: (row: SourceStatsRow) => number) => feeds.reduce((total, row) => total + pick(row), 0);
    return {
      outlet,
      feedIds: feeds.map((row) => row.feedId),
      articles: sum((r) => r.articles),
      relevant: sum((r) => r.relevant),
      ...scoreFigures({
        scored: sum((r) => r.scored),
        sumStance: sum((r) => r.sumStance),
        nSupportive: sum((r) => r.nSupportive),
        nNeutral: sum((r) => r.nNeutral),
        nCritical: sum((r) => r.nCritical),
      }),
    };
  });
}
