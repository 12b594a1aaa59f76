import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The one registry of this process. The API and the worker share it when they run in one process
 * (`stancewatch start`), so the API's `/metrics` shows the worker's counters too.
 */
export const metricsRegistry = new Registry();

collectDefaultMetrics({ register: metricsRegistry });

/** The registry's text exposition and its content type, for any HTTP server that serves `/metrics`. */
export async function metricsExposition(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

/** Sets every metric back to zero (tests): definitions stay registered. */
export function resetMetrics(): void {
  metricsRegistry.resetMetrics();
}
