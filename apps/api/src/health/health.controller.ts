import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { Database } from '../../../../libs/db/src/index.js';
import { QueueName, queueToken } from '../../../../libs/queue/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { ApiProblem } from '../http/problem-responses.js';
import { NoRateLimit } from '../http/rate-limit.guard.js';
import { ApiOkResponseFrom } from '../http/zod-openapi.js';
import { apiReadiness, type ApiReadinessCheck } from './api-readiness.js';
import { healthResponse, readinessResponse } from './health-responses.js';

@ApiTags('health')
@Access('public')
@NoRateLimit()
@Controller()
export class HealthController {
  private readonly readiness: () => Promise<ApiReadinessCheck[]>;

  constructor(db: Database, @Inject(queueToken(QueueName.FeedPoll)) queue: Queue) {
    this.readiness = apiReadiness(db, queue);
  }

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
    const checks = await this.readiness();
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
