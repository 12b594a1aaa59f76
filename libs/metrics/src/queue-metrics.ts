import { Gauge } from 'prom-client';
import type { Queue } from 'bullmq';
import { withinDeadline } from '../../queue/src/index.js';
import { metricsRegistry } from './registry.js';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed'] as const;
// Queue connections block while Redis is away (maxRetriesPerRequest: null); a scrape must not.
const REDIS_TIMEOUT_MS = 1_000;

// Queues watched by this process, by name; the API and the worker in one process watch the same ones.
const watched = new Map<string, Set<Queue>>();

/** Reports these queues' depths and ages at every scrape until the returned function is called. */
export function watchQueues(queues: Queue[]): () => void {
  for (const queue of queues) {
    const owners = watched.get(queue.name) ?? new Set();
    owners.add(queue);
    watched.set(queue.name, owners);
  }
  return () => {
    for (const queue of queues) {
      const owners = watched.get(queue.name);
      owners?.delete(queue);
      if (owners?.size === 0) watched.delete(queue.name);
    }
  };
}

function queuesToRead(): Queue[] {
  return [...watched.values()].flatMap((owners) => [...owners].slice(0, 1));
}

new Gauge({
  name: 'stancewatch_queue_jobs',
  help: 'Jobs in each BullMQ queue, by state (read from Redis at scrape time)',
  labelNames: ['queue', 'state'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    await Promise.all(
      queuesToRead().map(async (queue) => {
        const counts = await withinDeadline(queue.getJobCounts(...STATES), REDIS_TIMEOUT_MS).catch(
          () => null,
        );
        // No answer from Redis: no series rather than a stale or invented one.
        if (!counts) return;
        for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }),
    );
  },
});

new Gauge({
  name: 'stancewatch_queue_oldest_waiting_seconds',
  help: 'Age of the oldest job waiting in each queue, since it became due (0 when none waits)',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    const now = Date.now();
    await Promise.all(
      queuesToRead().map(async (queue) => {
        const oldest = await withinDeadline(queue.getJobs(['waiting'], 0, 0, true), REDIS_TIMEOUT_MS).catch(
          () => null,
        );
        if (!oldest) return;
        const job = oldest[0];
        // A delayed or scheduled job is due at its timestamp plus its delay, not when it was created.
        const dueAt = job ? job.timestamp + (job.delay ?? 0) : now;
        this.set({ queue: queue.name }, Math.max(0, (now - dueAt) / 1000));
      }),
    );
  },
});
