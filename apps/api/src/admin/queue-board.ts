import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { QueueName, queueToken } from '../../../../libs/queue/src/index.js';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator.js';
import { queueBoardAccess } from './queue-board-access.js';
import { RateLimitGuard, rateLimitMiddleware } from '../http/rate-limit.guard.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * The board's own policy, looser than the dashboard's in two places only: inline styles (its
 * loading placeholder and the styles React components inject) and `base-uri 'self'` (its page sets
 * `<base href>`). Scripts stay same-origin files; its Google Fonts link is refused, so it falls back
 * to local fonts and nothing is fetched from a CDN.
 */
export const QUEUE_BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Bull Board for every stancewatch queue (under QUEUE_PREFIX), for admin keys only. */
export function serveQueueBoard(app: NestExpressApplication): void {
  const queues = Object.values(QueueName).map((name) => app.get<Queue>(queueToken(name), { strict: false }));
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'stancewatch' } },
  });
  app.use(
    QUEUE_BOARD_PATH,
    boardHeaders,
    // Outside Nest's guards: counted here, so sign-in attempts spend the caller's budget too.
    rateLimitMiddleware(app.get(RateLimitGuard)),
    queueBoardAccess(QUEUE_BOARD_PATH, app.get(ApiKeyAuthenticator)),
    board.getRouter(),
  );
}

function boardHeaders(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Content-Security-Policy', QUEUE_BOARD_CSP);
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cache-Control', 'no-store');
  next();
}
