import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AppConfig } from '../../../../libs/config/src/index.js';
import {
  FeedPollRepository,
  FeedRepository,
  type Feed,
  feedEntrySchema,
  FeedScheduler,
} from '../../../../libs/feeds/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { ApiProblem } from '../http/problem-responses.js';
import {
  ApiAcceptedResponseFrom,
  ApiCreatedResponseFrom,
  ApiOkResponseFrom,
  zodSchema,
} from '../http/zod-openapi.js';
import { feedDetailResponse, feedListResponse, feedSchema, pollQueuedResponse } from './feed-responses.js';

const feedIdSchema = z.coerce
  .number()
  .int()
  .positive('expected a feed id (a positive whole number)')
  .max(2 ** 53);
const feedPatchSchema = z.object({ enabled: z.boolean({ error: 'expected true or false' }) }).strict();

/** The feed registry: read by anyone allowed to read, changed with the admin key. */
@ApiTags('feeds')
@Controller('api/v1/feeds')
export class FeedsController {
  constructor(
    private readonly config: AppConfig,
    private readonly feeds: FeedRepository,
    private readonly polls: FeedPollRepository,
    private readonly scheduler: FeedScheduler,
  ) {}

  @Get()
  @Access('read')
  @ApiOperation({ operationId: 'listFeeds', summary: 'every feed with its health and schedule' })
  @ApiOkResponseFrom(feedListResponse, 'every feed')
  async list(): Promise<{ feeds: Feed[] }> {
    return { feeds: await this.feeds.list() };
  }

  @Get(':id')
  @Access('read')
  @ApiOperation({ operationId: 'getFeed', summary: 'one feed and its 20 latest polls' })
  @ApiOkResponseFrom(feedDetailResponse, 'the feed with `recentPolls`')
  @ApiProblem(404, 'no feed with this id')
  async get(@Param('id', { schema: feedIdSchema }) idText: string) {
    const feed = await this.existing(idText);
    return { ...feed, recentPolls: await this.polls.listForFeed(feed.id, 20) };
  }

  @Post()
  @Access('admin')
  @ApiOperation({ operationId: 'registerFeed', summary: 'register a feed and schedule its polls' })
  @ApiCreatedResponseFrom(feedSchema, 'the stored feed')
  @ApiBody({ schema: zodSchema(feedEntrySchema) })
  @ApiProblem(409, 'a feed with this URL is already registered')
  async add(@Body() body: unknown): Promise<Feed> {
    const entry = parseInput(feedEntrySchema, body, 'body');
    const feed = await this.feeds.create(entry, 'api', this.config.poll.defaultIntervalSec);
    if (!feed) throw new ConflictException(`a feed with the URL ${entry.url} is already registered`);
    await this.scheduler.sync(feed);
    return feed;
  }

  @Patch(':id')
  @Access('admin')
  @ApiOperation({
    operationId: 'updateFeed',
    summary: 'disable a feed (removing its scheduler) or resume it now',
  })
  @ApiOkResponseFrom(feedSchema, 'the updated feed')
  @ApiBody({ schema: zodSchema(feedPatchSchema) })
  @ApiProblem(404, 'no feed with this id')
  async update(@Param('id', { schema: feedIdSchema }) idText: string, @Body() body: unknown): Promise<Feed> {
    const { enabled } = parseInput(feedPatchSchema, body, 'body');
    const feed = await this.feeds.setEnabled((await this.existing(idText)).id, enabled);
    if (!feed) throw new NotFoundException(`no feed with id ${idText}`);
    await this.scheduler.reschedule(feed);
    return feed;
  }

  @Post(':id/poll')
  @HttpCode(202)
  @Access('admin')
  @ApiOperation({ operationId: 'pollFeed', summary: 'queue a poll of the feed for the worker' })
  @ApiAcceptedResponseFrom(pollQueuedResponse, 'the queued poll')
  @ApiProblem(404, 'no feed with this id')
  async poll(
    @Param('id', { schema: feedIdSchema }) idText: string,
  ): Promise<{ feedId: number; jobId: string }> {
    const feed = await this.existing(idText);
    return { feedId: feed.id, jobId: await this.scheduler.pollNow(feed.id) };
  }

  private async existing(idText: string): Promise<Feed> {
    const id = parseInput(feedIdSchema, idText, 'path');
    const feed = await this.feeds.get(id);
    if (!feed) throw new NotFoundException(`no feed with id ${id}`);
    return feed;
  }
}
