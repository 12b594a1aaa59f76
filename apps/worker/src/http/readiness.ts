import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../../../../libs/config/src/index.js';
import { Database } from '../../../../libs/db/src/index.js';
import { QueueName, queueToken } from '../../../../libs/queue/src/index.js';
import { StanceModels } from '../../../../libs/nlp/src/index.js';

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  error: string | null;
}

const CHECK_TIMEOUT_MS = 2_000;

/**
 * What a worker needs to do its work: PostgreSQL and Redis answer, and a worker serving `classify`
 * has its models loaded (a failed load is tried again at each check, so it becomes ready when the
 * model can be had).
 */
export function workerReadiness(
  app: INestApplicationContext,
  config: AppConfig,
): () => Promise<ReadinessCheck[]> {
  const db = app.get(Database, { strict: false });
  const queue = app.get<Queue>(queueToken(QueueName.FeedPoll), { strict: false });
  const models = config.workerQueues.includes('classify') ? app.get(StanceModels, { strict: false }) : null;
  return () =>
    Promise.all([
      check('postgres', () => db.query('SELECT 1')),
      check('redis', () => queue.getJobCounts('waiting')),
      ...(models ? [check('models', () => models.preload())] : []),
    ]);
}

async function check(name: string, probe: () => Promise<unknown>): Promise<ReadinessCheck> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)),
      CHECK_TIMEOUT_MS,
    ).unref(),
  );
  try {
    await Promise.race([probe(), timeout]);
    return { name, ok: true, error: null };
  } catch (error) {
    return { name, ok: false, error: (error as Error).message };
  }
}
