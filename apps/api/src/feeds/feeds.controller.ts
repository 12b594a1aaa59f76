import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Response } from 'express';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  FeedCandidatesError,
  FeedConflictError,
  FeedNotFoundError,
  FeedPickError,
  NoFeedFoundError,
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
  ApiJsonResponseFrom,
  ApiOkResponseFrom,
  zodSchema,
} from '../http/zod-openapi.js';
import {
  feedCandidatesResponse,
  feedDetailResponse,
  feedListResponse,
  feedSchema,
  pollQueuedResponse,
} from './feed-responses.js';

const feedIdSchema = z.coerce
  .number()
  .int()
  .positive('expected a feed id (a positive whole number)')
  .max(2 ** 53);
const FEED_REFUSALS: Refusal[] = [
  [FeedNotFoundError, (error) => new NotFoundException(error.message)],
  [FeedConflictError, (error) => new ConflictException(error.message)],
  [NoFeedFoundError, (error) => new UnprocessableEntityException(error.message)],
  [FeedPickError, (error) => new BadRequestException(`body.${error.message}`)],
];
const feedAddSchema = feedEntrySchema.extend({
  pick: z
    .int({ error: 'expected a whole number from 1' })
    .min(1, 'expected a whole number from 1')
    .optional()
    .describe(
      'when `url` is a page announcing several feeds: the one to register (from 1), as listed in the 300',
    ),
});
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
  @ApiOperation({
    operationId: 'registerFeed',
    summary: 'register a feed, or the feed a site page announces, and schedule its polls',
    description:
      'The URL is read through the guarded fetcher: a feed is registered as given; an HTML page is ' +
      'searched for `<link rel="alternate">` and `Link` header entries of type RSS, Atom or JSON Feed, and ' +
      'its only feed is registered; with several the answer is 300 with the candidates, and the request ' +
      'repeated with `"pick": N` registers the N-th. A URL that cannot be read now is registered as given.',
  })
  @ApiCreatedResponseFrom(feedSchema, 'the stored feed')
  @ApiJsonResponseFrom(300, feedCandidatesResponse, 'the page announces several feeds: repeat with `pick`')
  @ApiBody({ schema: zodSchema(feedAddSchema) })
  @ApiProblem(409, 'a feed with this URL is already registered')
  @ApiProblem(422, 'the URL is an HTML page that announces no feed')
  async add(@Body() body: unknown, @Res({ passthrough: true }) response: Response) {
    const { pick, ...entry } = parseInput(feedAddSchema, body, 'body');
    try {
      return (await answering(FEED_REFUSALS, () => this.registry.add(entry, 'api', { pick }))).feed;
    } catch (error) {
      if (!(error instanceof FeedCandidatesError)) throw error;
      response.status(300);
      return {
        detail: error.message,
        page: error.pageUrl,
        candidates: error.candidates.map((candidate, index) => ({ pick: index + 1, ...candidate })),
      };
    }
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
