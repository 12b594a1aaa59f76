import { AppConfig, ConfigError, loadConfig } from './app-config.js';

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
