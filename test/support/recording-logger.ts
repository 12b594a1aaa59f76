import type { LoggerService } from '@nestjs/common';

/**
 * A Nest logger for an in-process worker that keeps every line, so a test that waits on the worker
 * can say, when it fails, what the worker did (jobs it ran, attempts it logged, errors it met).
 */
export class RecordingLogger implements LoggerService {
  private readonly lines: string[] = [];

  log(message: unknown, ...rest: unknown[]): void {
    this.keep('log', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.keep('warn', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.keep('error', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.keep('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.keep('verbose', message, rest);
  }

  /** The last `count` lines, one JSON object each. */
  tail(count = 40): string {
    return this.lines.slice(-count).join('\n');
  }

  /** Runs `wait`; if it fails, fails with its message and the worker's last lines. */
  async explaining<T>(wait: Promise<T>): Promise<T> {
    try {
      return await wait;
    } catch (error) {
      throw new Error(`${(error as Error).message}\nthe worker's last log lines:\n${this.tail()}`, {
        cause: error,
      });
    }
  }

  private keep(level: string, message: unknown, rest: unknown[]): void {
    const context = typeof rest.at(-1) === 'string' ? rest.at(-1) : undefined;
    const fields = typeof message === 'object' && message !== null ? message : { msg: String(message) };
    this.lines.push(JSON.stringify({ level, time: new Date().toISOString(), context, ...fields }));
  }
}
