import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { AppConfig, ConfigError, loadConfig } from './app-config.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Structured JSON logs, one object per line, from the configured level up. */
export function jsonLogger(level: AppConfig['logLevel'], context = 'stancewatch'): ConsoleLogger {
  return new ConsoleLogger(context, { json: true, logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1) });
}

/** Loads the configuration for a server process; a wrong value stops it with one clear message. */
export function loadConfigOrExit(processName: string): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`stancewatch ${processName}: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}
