import type { LoggerService } from '@nestjs/common';
import { pino, stdTimeFunctions, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import type { AppConfig } from './app-config.js';
import { currentRequestId } from './request-context.js';

type NestLevel = AppConfig['logLevel'];

// Nest's `log` is pino's `info` and its `verbose` pino's `trace`.
const PINO_LEVEL: Record<NestLevel, LevelWithSilent> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Fields never written to a log, wherever a caller puts them: API keys and authorization headers,
 * webhook signing secrets, passwords. Pino replaces their values before the line is serialised.
 */
export const REDACTED_PATHS = [
  'authorization',
  'cookie',
  'secret',
  'key',
  'apiKey',
  'adminApiKey',
  'password',
  'token',
  '*.authorization',
  '*.cookie',
  '*.secret',
  '*.key',
  '*.apiKey',
  '*.adminApiKey',
  '*.password',
  '*.token',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * A Nest logger writing one flat JSON object per line through pino: `level`, `time`, `context`,
 * `msg`, and the structured fields of an object message (feedId, articleIds, jobId, deliveryId, …)
 * at the top level, and `requestId` while the work of a request or of a job it queued runs. Secrets under REDACTED_PATHS are replaced by `[redacted]`.
 */
export function jsonLogger(
  level: NestLevel,
  context = 'stancewatch',
  // process.stdout, not a file descriptor: it is synchronous for files and pipes on POSIX, and what
  // a test (or a host embedding stancewatch) replaces is what it captures.
  destination: DestinationStream = process.stdout,
): PinoNestLogger {
  const logger = pino(
    {
      level: PINO_LEVEL[level],
      base: { pid: process.pid },
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // The request (or the job queued by a request) this line is written for; a field of the line wins.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    destination,
  );
  return new PinoNestLogger(logger, context);
}

/** Nest's LoggerService over a pino logger; Nest passes the caller's context as the last argument. */
export class PinoNestLogger implements LoggerService {
  constructor(
    readonly pino: Logger,
    private readonly defaultContext: string,
  ) {}

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  /** Follows LOG_LEVEL-style changes Nest makes (`app.useLogger`, `Logger.overrideLogger`). */
  setLogLevels(levels: NestLevel[]): void {
    const lowest = (['verbose', 'debug', 'log', 'warn', 'error', 'fatal'] as const).find((l) =>
      levels.includes(l),
    );
    this.pino.level = lowest ? PINO_LEVEL[lowest] : 'silent';
  }

  private write(level: Exclude<LevelWithSilent, 'silent'>, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    const context =
      typeof rest.at(-1) === 'string' && rest.length > 0 ? (rest.pop() as string) : this.defaultContext;
    // Nest's `error(message, stack, context)`: the stack is a field, not a second message.
    const stack = typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    const fields: Record<string, unknown> = { context };
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
      return;
    }
    if (message !== null && typeof message === 'object') {
      const { msg, message: text, ...structured } = message as Record<string, unknown>;
      this.pino[level]({ ...fields, ...structured }, String(msg ?? text ?? ''));
      return;
    }
    this.pino[level](fields, String(message));
  }
}
