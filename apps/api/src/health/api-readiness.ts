import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Database } from '../../../../libs/db/src/index.js';

export interface ApiReadinessCheck {
  name: string;
  ok: boolean;
  error: string | null;
}

const logger = new Logger('Readiness');

/** What the API needs to serve: PostgreSQL and Redis answer (for /readyz and `stancewatch_ready`). */
export function apiReadiness(db: Database, queue: Queue): () => Promise<ApiReadinessCheck[]> {
  return () =>
    Promise.all([
      check('postgres', () => db.query('SELECT 1')),
      check('redis', () => queue.getJobCounts('waiting')),
    ]);
}

/**
 * One dependency's answer. Its error goes to the log, not to the caller: /readyz is public, and a
 * driver's message names hosts, ports and users.
 */
async function check(name: string, probe: () => Promise<unknown>): Promise<ApiReadinessCheck> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref(),
  );
  try {
    await Promise.race([probe(), timeout]);
    return { name, ok: true, error: null };
  } catch (error) {
    logger.warn({ msg: 'readiness check failed', check: name, error: (error as Error).message });
    return { name, ok: false, error: 'does not answer' };
  }
}
