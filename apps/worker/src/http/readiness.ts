import { Logger, type INestApplicationContext } from '@nestjs/common';
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

/** Where the checks find what they probe: the application context, or a module's ModuleRef. */
export type Providers = Pick<INestApplicationContext, 'get'>;

const CHECK_TIMEOUT_MS = 2_000;

const logger = new Logger('Readiness');

/** A driver's message names hosts, ports and users: it goes to the log, the answer says only this. */
const DOES_NOT_ANSWER = () => 'does not answer';
/** A model's failure names the model that could not be loaded, which is what the operator must fix. */
const MESSAGE = (error: Error) => error.message;

/**
 * What a worker needs to do its work: PostgreSQL and Redis answer, and a worker serving `classify`
 * has its models loaded (a failed load is tried again at each check, so it becomes ready when the
 * model can be had).
 */
export function workerReadiness(providers: Providers, config: AppConfig): () => Promise<ReadinessCheck[]> {
  const db = providers.get(Database, { strict: false });
  const queue = providers.get<Queue>(queueToken(QueueName.FeedPoll), { strict: false });
  const models = config.workerQueues.includes('classify')
    ? providers.get(StanceModels, { strict: false })
    : null;
  return () =>
    Promise.all([
      check('postgres', () => db.query('SELECT 1'), DOES_NOT_ANSWER),
      check('redis', () => queue.getJobCounts('waiting'), DOES_NOT_ANSWER),
      ...(models ? [check('models', () => models.preload(), MESSAGE)] : []),
    ]);
}

const FAILED: Record<string, string> = { models: 'the models are not loaded' };

/** The problem's detail for the checks that failed: "not ready: postgres does not answer". */
export function notReadyDetail(checks: ReadinessCheck[]): string {
  const failed = checks.filter((c) => !c.ok).map((c) => FAILED[c.name] ?? `${c.name} does not answer`);
  return `not ready: ${failed.join('; ')}`;
}

async function check(
  name: string,
  probe: () => Promise<unknown>,
  answered: (error: Error) => string,
): Promise<ReadinessCheck> {
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
    logger.warn({ msg: 'readiness check failed', check: name, error: (error as Error).message });
    return { name, ok: false, error: answered(error as Error) };
  }
}
