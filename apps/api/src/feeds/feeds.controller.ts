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
  UseGuards,
} from '@nestjs/common';
import { z } from 'zod';
import { AppConfig } from '../../../../libs/config/src/index.js';
import { FeedPollRepository, FeedRepository, type Feed } from '../../../../libs/db/src/index.js';
import { feedEntrySchema } from '../../../../libs/feeds/src/feed-registry-file.js';
import { FeedScheduler } from '../../../../libs/feeds/src/schedule/feed-scheduler.js';
import { AdminGuard } from '../auth/admin.guard.js';
import { parseInput } from '../http/parse-input.js';

const feedIdSchema = z.coerce
  .number()
  .int()
  .positive('expected a feed id (a positive whole number)')
  .max(2 ** 53);
const feedPatchSchema = z.object({ enabled: z.boolean({ error: 'expected true or false' }) }).strict();

/** The feed registry: read by anyone allowed to read, changed with the admin key. */
@Controller('api/v1/feeds')
export class FeedsController {
  constructor(
    private readonly config: AppConfig,
    private readonly feeds: FeedRepository,
    private readonly polls: FeedPollRepository,
    private readonly scheduler: FeedScheduler,
  ) {}

  @Get()
  async list(): Promise<{ feeds: Feed[] }> {
    return { feeds: await this.feeds.list() };
  }

  @Get(':id')
  async get(@Param('id') idText: string) {
    const feed = await this.existing(idText);
    return { ...feed, recentPolls: await this.polls.listForFeed(feed.id, 20) };
  }

  @Post()
  @UseGuards(AdminGuard)
  async add(@Body() body: unknown): Promise<Feed> {
    const entry = parseInput(feedEntrySchema, body, 'body');
    const feed = await this.feeds.create(entry, 'api', this.config.poll.defaultIntervalSec);
    if (!feed) throw new ConflictException(`a feed with the URL ${entry.url} is already registered`);
    await this.scheduler.sync(feed);
    return feed;
  }

  @Patch(':id')
  @UseGuards(AdminGuard)
  async update(@Param('id') idText: string, @Body() body: unknown): Promise<Feed> {
    const { enabled } = parseInput(feedPatchSchema, body, 'body');
    const feed = await this.feeds.setEnabled((await this.existing(idText)).id, enabled);
    if (!feed) throw new NotFoundException(`no feed with id ${idText}`);
    await this.scheduler.reschedule(feed);
    return feed;
  }

  @Post(':id/poll')
  @HttpCode(202)
  @UseGuards(AdminGuard)
  async poll(@Param('id') idText: string): Promise<{ feedId: number; jobId: string }> {
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
