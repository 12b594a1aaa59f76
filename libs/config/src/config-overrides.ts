import { loadConfig, type AppConfig } from './app-config.js';

/**
 * The configuration of a command that brings its own settings (the demo): `defaults` apply where the
 * environment says nothing, `overrides` whatever it says. Validated like any configuration.
 */
export function loadConfigWith(
  defaults: Record<string, string>,
  overrides: Record<string, string>,
  env: Record<string, string | undefined> = process.env,
): AppConfig {
  return loadConfig({ ...defaults, ...env, ...overrides });
}
