import type { LoggerService } from '@nestjs/common';
import { REDIS_UNAVAILABLE } from '../../../libs/queue/src/vocabulary.js';

/**
 * Library code logs through Nest's Logger; in the command line those lines go to stderr (stdout is
 * for results and JSON), warnings and errors only unless --verbose. The connections' "redis
 * unavailable" lines are left out too: a command that needed Redis says so in its own one line.
 */
export class StderrLogger implements LoggerService {
  constructor(
    private readonly stderr: NodeJS.WritableStream,
    private readonly chatty: boolean,
  ) {}

  log(message: unknown, context?: string): void {
    if (this.chatty) this.write('log', message, context);
  }
  debug(message: unknown, context?: string): void {
    if (this.chatty) this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    if (this.chatty) this.write('verbose', message, context);
  }
  warn(message: unknown, context?: string): void {
    if (!this.chatty && (message as { msg?: unknown })?.msg === REDIS_UNAVAILABLE) return;
    this.write('warn', message, context);
  }
  error(message: unknown, context?: string): void {
    this.write('error', message, context);
  }

  private write(level: string, message: unknown, context?: string): void {
    const fields = typeof message === 'object' && message !== null ? message : { msg: String(message) };
    this.stderr.write(`${JSON.stringify({ level, context, ...fields })}\n`);
  }
}
