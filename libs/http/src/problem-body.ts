import { HttpStatus } from '@nestjs/common';

/**
 * An RFC 9457 problem body: the one error shape the API's filter, the routes outside Nest and the
 * worker's health server all answer with.
 */
export function problemBody(status: number, detail: string, instance: string) {
  return {
    type: 'about:blank',
    title: HttpStatus[status]?.replace(/_/g, ' ').toLowerCase() ?? 'error',
    status,
    detail,
    instance,
  };
}
