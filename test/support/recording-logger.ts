import { jsonLogger, type PinoNestLogger } from '../../libs/config/src/index.js';

export interface RecordingLogger {
  /** The service's own JSON logger, writing into memory instead of stdout. */
  readonly logger: PinoNestLogger;
  /** The last `count` lines, one JSON object each. */
  tail(count?: number): string;
  /** Runs `wait`; if it fails, fails with its message and the last lines logged. */
  explaining<T>(wait: Promise<T>): Promise<T>;
}

/**
 * For an in-process worker: every line it logs is kept, so a test that waits on it can say, when it
 * fails, what the worker did (the jobs it ran, the attempts and errors it logged).
 */
export function recordingLogger(context: string): RecordingLogger {
  const lines: string[] = [];
  const tail = (count = 40) => lines.slice(-count).join('');
  return {
    logger: jsonLogger('log', context, { write: (line: string) => lines.push(line) }),
    tail,
    async explaining<T>(wait: Promise<T>): Promise<T> {
      try {
        return await wait;
      } catch (error) {
        throw new Error(`${(error as Error).message}\nthe last log lines of the ${context}:\n${tail()}`, {
          cause: error,
        });
      }
    },
  };
}
