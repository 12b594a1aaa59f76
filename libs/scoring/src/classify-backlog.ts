import type { ScoreRepository } from './score.repository.js';
import type { ClassifyProducer } from '../../queue/src/index.js';

/**
 * Finds relevant articles that still have no scores from the configured models and queues them.
 * Run on a schedule, it makes classification independent of any one enqueue succeeding: an article
 * whose job was lost (a crash between storing and queueing) is picked up at the next sweep.
 */
export class ClassifyBacklog {
  constructor(
    private readonly deps: {
      scores: ScoreRepository;
      producer: ClassifyProducer;
      lensNames: string[];
      modelIds: string[];
      limit: number;
    },
  ) {}

  async sweep(): Promise<Record<string, number>> {
    const queued: Record<string, number> = {};
    for (const lens of this.deps.lensNames) {
      const ids = await this.deps.scores.backlog(lens, this.deps.modelIds, { limit: this.deps.limit });
      await this.deps.producer.enqueue(lens, ids, null);
      queued[lens] = ids.length;
    }
    return queued;
  }
}
