import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Database } from '../../../../libs/db/src/index.js';
import { QueueName } from '../../../../libs/queue/src/index.js';

@Controller()
export class HealthController {
  constructor(
    private readonly db: Database,
    @Inject(getQueueToken(QueueName.FeedPoll)) private readonly queue: Queue,
  ) {}

  /** The process is up. */
  @Get('healthz')
  health() {
    return { status: 'ok' };
  }

  /** The process can serve: PostgreSQL and Redis answer. */
  @Get('readyz')
  async ready() {
    const checks = await Promise.all([
      check('postgres', () => this.db.query('SELECT 1')),
      check('redis', () => this.queue.getJobCounts('waiting')),
    ]);
    const body = { status: checks.every((c) => c.ok) ? 'ok' : 'unavailable', checks };
    if (body.status !== 'ok')
      throw new ServiceUnavailableException(
        checks
          .filter((c) => !c.ok)
          .map((c) => `${c.name}: ${c.error}`)
          .join('; '),
      );
    return body;
  }
}

async function check(name: string, probe: () => Promise<unknown>) {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref(),
  );
  try {
    await Promise.race([probe(), timeout]);
    return { name, ok: true as boolean, error: null as string | null };
  } catch (error) {
    return { name, ok: false, error: (error as Error).message };
  }
}
