import type { Server } from 'node:http';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** How long requests in flight may take to finish once the API is closing. */
export const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Closing the server waits for every open connection. Idle keep-alive connections (kept 65 s) and a
 * client still sending a body the API has already refused would hold a shutdown for a minute or
 * more: after a short grace, what is still open is closed.
 */
@Injectable()
export class HttpShutdown implements BeforeApplicationShutdown {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  beforeApplicationShutdown(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    setImmediate(() => server.closeIdleConnections());
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  }
}
