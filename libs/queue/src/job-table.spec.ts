import { UnrecoverableError } from 'bullmq';
import { withRequestId } from '../../config/src/index.js';
import {
  JOBS,
  jobOf,
  kindOf,
  kindsOn,
  payloadOf,
  scheduledKindsOn,
  schedulerTemplateOf,
  type JobKind,
} from './job-table.js';
import { QueueName } from './queue-names.js';

const job = (queueName: string, data: unknown) => ({ id: '7', queueName, data });

describe('the job table', () => {
  it('gives every queue its kinds, each name once per queue', () => {
    for (const queue of Object.values(QueueName)) {
      const names = kindsOn(queue).map((kind) => JOBS[kind].name);
      expect({ queue, kinds: names.length > 0, unique: new Set(names).size === names.length }).toEqual({
        queue,
        kinds: true,
        unique: true,
      });
    }
    expect(kindsOn(QueueName.Classify)).toEqual(['classify', 'classifyBacklog']);
    expect(scheduledKindsOn(QueueName.WebhookDeliver)).toEqual(['webhookSweep', 'deliveriesPrune']);
    expect(scheduledKindsOn(QueueName.FeedPoll)).toEqual(['feedPollsPrune']);
  });

  it('finds a job kind by the name a job carries, and none for a name it does not know', () => {
    expect(kindOf(QueueName.WebhookDeliver, { name: 'sweep' })).toBe('webhookSweep');
    expect(kindOf(QueueName.WebhookDeliver, { name: 'poll' })).toBeUndefined();
  });

  it("builds a job with its kind's name and options, the producer's options on top", () => {
    const built = jobOf('feedPoll', { feedId: 3, trigger: 'manual' }, { jobId: 'manual-3-1' });
    expect(built).toEqual({
      name: 'poll',
      data: { feedId: 3, trigger: 'manual' },
      opts: { ...JOBS.feedPoll.options, jobId: 'manual-3-1' },
    });
    expect(built.opts.attempts).toBe(5);
  });

  it('stamps the current request id on a job, not on a job scheduler template, nor over a named one', () => {
    withRequestId('r-9', () => {
      expect(jobOf('feedPoll', { feedId: 3, trigger: 'manual' }).data).toEqual({
        feedId: 3,
        trigger: 'manual',
        requestId: 'r-9',
      });
      expect(jobOf('feedPoll', { feedId: 3, trigger: 'manual', requestId: 'r-1' }).data.requestId).toBe(
        'r-1',
      );
      expect(schedulerTemplateOf('feedPoll', { feedId: 3, trigger: 'schedule' }).data).toEqual({
        feedId: 3,
        trigger: 'schedule',
      });
    });
    expect(jobOf('feedPoll', { feedId: 3, trigger: 'manual' }).data).not.toHaveProperty('requestId');
  });

  it('reads a well-formed payload, with its defaults and a request id', () => {
    expect(payloadOf('classify', job('classify', { articleIds: [1, 2], lens: 'russia-china' }))).toEqual({
      articleIds: [1, 2],
      lens: 'russia-china',
      model: null,
    });
    expect(
      payloadOf('feedPoll', job('feed-poll', { feedId: 1, trigger: 'manual', requestId: 'r-1' })),
    ).toEqual({
      feedId: 1,
      trigger: 'manual',
      requestId: 'r-1',
    });
  });

  it.each<[JobKind, unknown, RegExp]>([
    ['feedPoll', { feedId: 'x', trigger: 'schedule' }, /feedId: .*number/],
    ['feedPoll', { feedId: 1, trigger: 'cron' }, /trigger: /],
    ['classify', { articleIds: [], lens: 'russia-china' }, /articleIds: /],
    ['classify', { articleIds: [1.5], lens: 'russia-china' }, /articleIds\.0: /],
    ['webhookDeliver', {}, /deliveryId: /],
    ['alertsEvaluate', null, /trigger: /],
  ])('fails a malformed %s payload for good, saying what is wrong: %j', (kind, data, problem) => {
    const read = () => payloadOf(kind, job(JOBS[kind].queue, data));
    expect(read).toThrow(UnrecoverableError);
    expect(read).toThrow(problem);
    expect(read).toThrow(new RegExp(`^${JOBS[kind].queue} job 7 has a malformed ${JOBS[kind].name} payload`));
  });
});
