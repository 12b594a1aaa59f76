import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import { jobOf } from './job-table.js';

/**
 * Queues articles for classification in batches. A batch's job id is derived from its lens, model
 * and ids (and the hour), so the same batch queued twice is one job; a batch queued again later
 * finds its articles scored and does nothing.
 */
export class ClassifyProducer {
  constructor(
    private readonly queue: Queue,
    private readonly batchSize: number,
  ) {}

  async enqueue(
    lens: string,
    articleIds: number[],
    model: string | null = null,
    at = new Date(),
  ): Promise<number> {
    const ids = [...new Set(articleIds)].sort((a, b) => a - b);
    const jobs = [];
    for (let start = 0; start < ids.length; start += this.batchSize) {
      const batch = ids.slice(start, start + this.batchSize);
      jobs.push(
        jobOf(
          'classify',
          { articleIds: batch, lens, model },
          { jobId: classifyJobId(lens, model, batch, at) },
        ),
      );
    }
    if (jobs.length > 0) await this.queue.addBulk(jobs);
    return jobs.length;
  }
}

export function classifyJobId(lens: string, model: string | null, ids: number[], at: Date): string {
  const digest = createHash('sha256')
    .update(`${lens}\n${model ?? ''}\n${ids.join(',')}`)
    .digest('hex')
    .slice(0, 24);
  return `classify-${digest}-${Math.floor(at.getTime() / 3_600_000)}`;
}
