import type { HttpException } from '@nestjs/common';

/** A library's typed refusal and the HTTP answer it becomes. */
export type Refusal = [new (...args: never[]) => Error, (error: Error) => HttpException];

/**
 * Runs a service call, turning the service's refusals (its own error classes) into the HTTP answers a
 * caller can act on; anything else goes on to the problem filter (a 503 for a backend away, else a 500).
 */
export async function answering<T>(refusals: readonly Refusal[], call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const refusal = refusals.find(([type]) => error instanceof type);
    throw refusal ? refusal[1](error as Error) : error;
  }
}
