import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { Database } from '../../../../libs/db/src/index.js';
import { QueueName, queueToken } from '../../../../libs/queue/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { ApiProblem } from '../http/problem-responses.js';
import { NoRateLimit } from '../http/rate-limit.guard.js';
import { ApiOkResponseFrom } from '../http/zod-openapi.js';
import { healthResponse, readinessResponse } from './health-responses.js';

@ApiTags('health')
@Access('public')
@NoRateLimit()
@Controller()
export class HealthController {
  constructor(
    private readonly db: Database,
    @Inject(queueToken(QueueName.FeedPoll)) private readonly queue: Queue,
  ) {}

  /** The process is up. */
  @Get('healthz')
  @ApiOperation({ operationId: 'getHealth', summary: 'the process is up' })
  @ApiOkResponseFrom(healthResponse, 'the process is up')
  health() {
    return { status: 'ok' };
  }

  /** The process can serve: PostgreSQL and Redis answer. */
  @Get('readyz')
  @ApiOperation({ operationId: 'getReadiness', summary: 'PostgreSQL and Redis answer' })
  @ApiOkResponseFrom(readinessResponse, 'both answer')
  @ApiProblem(503, 'PostgreSQL or Redis does not answer; `detail` says which (the error itself is logged)')
  async ready() {
    const checks = await Promise.all([
      check('postgres', () => this.db.query('SELECT 1')),
      check('redis', () => this.queue.getJobCounts('waiting')),
    ]);
    const body = { status: checks.every((c) => c.ok) ? 'ok' : 'unavailable', checks };
    if (body.status !== 'ok')
      throw new ServiceUnavailableException(
        `not ready: ${checks
          .filter((c) => !c.ok)
          .map((c) => `${c.name} does not answer`)
          .join('; ')}`,
      );
    return body;
  }
}

const logger = new Logger('Readiness');

/**
 * One dependency's answer. Its error goes to the log, not to the caller: /readyz is public, and a
 * driver's message names hosts, ports and users.
 */
async function check(name: string, probe: () => Promise<unknown>) {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref(),
  );
  try {
    await Promise.race([probe(), timeout]);
    return { name, ok: true as boolean, error: null as string | null };
  } catch (error) {
    logger.warn({ msg: 'readiness check failed', check: name, error: (error as Error).message });
    return { name, ok: false, error: 'does not answer' };
  }
}
