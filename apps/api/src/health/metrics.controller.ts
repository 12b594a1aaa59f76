import { Controller, Get, Res, type Type } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { metricsExposition } from '../../../../libs/metrics/src/index.js';
import { Access } from '../auth/access.decorator.js';
import { NoRateLimit } from '../http/rate-limit.guard.js';
import { ApiTextResponse } from '../http/zod-openapi.js';

/**
 * `/metrics` in Prometheus' text format: open when METRICS_OPEN (a private network, the default),
 * else for admin keys. The class is made per configuration so the access guard and the OpenAPI
 * document both see the level in force. Scrapes are not rate-limited.
 */
export function metricsController(open: boolean): Type<unknown> {
  @ApiTags('health')
  @Access(open ? 'public' : 'admin')
  @NoRateLimit()
  @Controller()
  class MetricsController {
    @Get('metrics')
    @ApiOperation({
      operationId: 'getMetrics',
      summary: 'Prometheus metrics of this process (and of the worker when it runs here)',
    })
    @ApiTextResponse('text/plain', 'the Prometheus text exposition format')
    async metrics(@Res() response: Response): Promise<void> {
      const { contentType, body } = await metricsExposition();
      response.status(200).type(contentType).send(body);
    }
  }
  return MetricsController;
}
