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
import {
  FeedConflictError,
  FeedNotFoundError,
  FeedRegistry,
  type Feed,
  feedEntrySchema,
  feedErrorForReaders,
  feedForReaders,
} from '../../../../libs/feeds/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { parseInput } from '../http/parse-input.js';
import { ApiProblem } from '../http/problem-responses.js';
import { answering, type Refusal } from '../http/refusals.js';
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
const FEED_REFUSALS: Refusal[] = [
  [FeedNotFoundError, (error) => new NotFoundException(error.message)],
  [FeedConflictError, (error) => new ConflictException(error.message)],
];
const feedPatchSchema = z.object({ enabled: z.boolean({ error: 'expected true or false' }) }).strict();

/** The feed registry: read by anyone allowed to read, changed with the admin key. */
@ApiTags('feeds')
@Controller('api/v1/feeds')
export class FeedsController {
  constructor(private readonly registry: FeedRegistry) {}

  @Get()
  @Access('read')
  @ApiOperation({ operationId: 'listFeeds', summary: 'every feed with its health and schedule' })
  @ApiOkResponseFrom(feedListResponse, 'every feed')
  async list(): Promise<{ feeds: Feed[] }> {
    return { feeds: (await this.registry.list()).map(feedForReaders) };
  }

  @Get(':id')
  @Access('read')
  @ApiOperation({ operationId: 'getFeed', summary: 'one feed and its 20 latest polls' })
  @ApiOkResponseFrom(feedDetailResponse, 'the feed with `recentPolls`')
  @ApiProblem(404, 'no feed with this id')
  async get(@Param('id', { schema: feedIdSchema }) idText: string) {
    const id = parseInput(feedIdSchema, idText, 'path');
    return answering(FEED_REFUSALS, async () => {
      const feed = await this.registry.get(id);
      const polls = await this.registry.history(id, 20);
      return {
        ...feedForReaders(feed),
        recentPolls: polls.map((poll) => ({ ...poll, error: feedErrorForReaders(poll.error, feed.url) })),
      };
    });
  }

  @Post()
  @Access('admin')
  @ApiOperation({ operationId: 'registerFeed', summary: 'register a feed and schedule its polls' })
  @ApiCreatedResponseFrom(feedSchema, 'the stored feed')
  @ApiBody({ schema: zodSchema(feedEntrySchema) })
  @ApiProblem(409, 'a feed with this URL is already registered')
  async add(@Body() body: unknown): Promise<Feed> {
    const entry = parseInput(feedEntrySchema, body, 'body');
    return answering(FEED_REFUSALS, () => this.registry.register(entry, 'api'));
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
    const id = parseInput(feedIdSchema, idText, 'path');
    return answering(FEED_REFUSALS, () => this.registry.setEnabled(id, enabled));
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
    const id = parseInput(feedIdSchema, idText, 'path');
    return answering(FEED_REFUSALS, () => this.registry.queuePoll(id));
  }
}
