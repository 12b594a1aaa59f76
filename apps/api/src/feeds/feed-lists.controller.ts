import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  FeedParseError,
  FeedRegistry,
  feedDefaultsSchema,
  importFeedList,
  readFeedList,
  writeFeedList,
  type FeedImportLine,
} from '../../../../libs/feeds/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { ApiProblem } from '../http/problem-responses.js';
import { ApiOkResponseFrom, ApiQueryFrom, ApiTextResponse } from '../http/zod-openapi.js';
import { feedImportResponse } from './feed-responses.js';
import { FEED_LIST_MAX_BYTES } from './feed-list-body.js';

const exportQuerySchema = z.strictObject({
  format: z.enum(['opml', 'json'], { error: 'expected opml or json' }).default('opml'),
});

const importQuerySchema = feedDefaultsSchema
  .extend({
    dryRun: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .default('false')
      .transform((value) => value === 'true'),
  })
  .strict();

/** The registry as a list file, out (any reader) and in (admin): OPML 2.0, or feeds.json. */
@ApiTags('feeds')
@Controller('api/v1/feeds')
export class FeedListsController {
  constructor(private readonly registry: FeedRegistry) {}

  @Get('export')
  @Access('read')
  @ApiOperation({
    operationId: 'exportFeeds',
    summary: 'the feed registry as OPML 2.0 (any feed reader imports it) or as feeds.json',
    description:
      "Each feed is an outline with stancewatch's own attributes (namespace `https://stancewatch.dev/ns/opml/1`): " +
      'outlet, country, language and kind, so importing the file into another stancewatch gives the same registry. ' +
      'A URL with credentials is written masked (`https://***@host/…`).',
  })
  @ApiQueryFrom(exportQuerySchema)
  @ApiTextResponse('text/x-opml', 'OPML 2.0 (or, with `format=json`, a JSON array like config/feeds.json)')
  async export(@Query() raw: unknown, @Res({ passthrough: true }) response: Response): Promise<string> {
    const { format } = parseInput(exportQuerySchema, raw, 'query');
    response.type(format === 'json' ? 'application/json; charset=utf-8' : 'text/x-opml; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="stancewatch-feeds.${format}"`);
    return writeFeedList(await this.registry.list(), format);
  }

  @Post('import')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({
    operationId: 'importFeeds',
    summary: "register the feeds of an OPML file (any feed reader's export) or of a feeds.json",
    description:
      `The body is the file as it is (any content type; at most ${FEED_LIST_MAX_BYTES / 1024 / 1024} MiB). ` +
      'Each feed is reported: added, exists (already registered), would-add (with `dryRun=true`, which ' +
      'changes nothing) or rejected with the reason. `country`, `language` and `kind` apply to feeds whose ' +
      'entry does not give them. A body that is neither OPML nor a feed list is a 400 and changes nothing.',
    requestBody: {
      required: true,
      content: {
        'text/x-opml': { schema: { type: 'string', description: 'OPML 1.0, 1.1 or 2.0' } },
        'application/json': {
          schema: { type: 'string', description: 'a JSON array like config/feeds.json' },
        },
      },
    },
  })
  @ApiQueryFrom(importQuerySchema)
  @ApiOkResponseFrom(feedImportResponse, 'one line per feed of the file, with what happened to it')
  @ApiProblem(400, 'the body is not OPML or a feed list, or a query parameter is wrong')
  @ApiProblem(413, `the body is larger than ${FEED_LIST_MAX_BYTES / 1024 / 1024} MiB`)
  async import(
    @Body() body: unknown,
    @Query() raw: unknown,
    @Headers('content-type') contentType?: string,
  ): Promise<{ feeds: FeedImportLine[] }> {
    const { dryRun, ...defaults } = parseInput(importQuerySchema, raw, 'query');
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw new BadRequestException('body: expected an OPML file or a JSON array of feeds');
    let entries;
    try {
      // The charset the content type names wins over the file's declaration, as for a fetched feed.
      entries = await readFeedList(body, contentType);
    } catch (error) {
      if (error instanceof FeedParseError) throw new BadRequestException(`body: ${error.message}`);
      throw error;
    }
    if (entries.length === 0)
      throw new BadRequestException('body: the file lists no feeds (no outline has an xmlUrl)');
    return { feeds: await importFeedList(this.registry, entries, { defaults, dryRun, origin: 'api' }) };
  }
}
