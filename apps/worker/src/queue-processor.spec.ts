import { loadConfig } from '../../../libs/config/src/index.js';
import { QueueName } from '../../../libs/queue/src/index.js';
import {
  QueueProcessor,
  UnhandledJobKindError,
  unhandledKinds,
  type JobHandlers,
} from './queue-processor.js';

const config = loadConfig({
  DATABASE_URL: 'postgres://nowhere.invalid/x',
  REDIS_URL: 'redis://nowhere.invalid:6379',
});

/** A classify processor that forgot the backlog sweep. */
class ForgetfulProcessor extends QueueProcessor {
  constructor() {
    super(QueueName.Classify, config, undefined as never);
  }

  protected handlers(): JobHandlers {
    return { classify: async () => ({ scored: 0 }) };
  }

  protected workerOptions() {
    return { concurrency: 1 };
  }
}

describe('a queue processor', () => {
  it('lists the job kinds of its queue that it does not handle', () => {
    expect(unhandledKinds(QueueName.Classify, { classify: async () => null })).toEqual(['classifyBacklog']);
    expect(unhandledKinds(QueueName.FeedPoll, { feedPoll: async () => null })).toEqual(['feedPollsPrune']);
    expect(
      unhandledKinds(QueueName.FeedPoll, { feedPoll: async () => null, feedPollsPrune: async () => null }),
    ).toEqual([]);
  });

  it('refuses to start, in one line that says what to add, before it connects to anything', async () => {
    const starting = new ForgetfulProcessor().onApplicationBootstrap();
    await expect(starting).rejects.toThrow(UnhandledJobKindError);
    await expect(starting).rejects.toThrow(
      /^the classify processor has no handler for job kind classifyBacklog \("backlog"\); add one to its handlers\(\)/,
    );
    const error = await starting.catch((e: Error) => e);
    expect(String((error as Error).message)).not.toContain('\n');
  });
});
