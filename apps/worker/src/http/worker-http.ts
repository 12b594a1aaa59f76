import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../../../../libs/config/src/index.js';
import { startWorkerHttpServer } from './worker-http-server.js';

/**
 * Starts the worker's health server in the init phase, before the bootstrap hooks: those wait for
 * Redis (the job schedulers are upserted there), and meanwhile an orchestrator must see the worker
 * alive (/healthz) and why it is not ready (/readyz). It stays up until the process exits, so
 * orchestrators also see the worker alive while it finishes its jobs.
 */
@Injectable()
export class WorkerHttp implements OnModuleInit {
  private readonly logger = new Logger('worker');

  constructor(
    private readonly providers: ModuleRef,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const http = await startWorkerHttpServer(this.providers, this.config, this.config.workerHttpPort);
    this.logger.log({ msg: 'worker health and metrics', url: `http://localhost:${http.port}/readyz` });
  }
}
