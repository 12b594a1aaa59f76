import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import {
  WebhookConflictError,
  WebhookNotFoundError,
  WebhookUrlError,
} from '../../../../libs/alerts/src/index.js';

/** Turns the webhook library's refusals into the HTTP answers a caller can act on. */
export function asHttpError(error: unknown): unknown {
  if (error instanceof WebhookUrlError) return new BadRequestException(`body.url: ${error.message}`);
  if (error instanceof WebhookNotFoundError) return new NotFoundException(error.message);
  if (error instanceof WebhookConflictError) return new ConflictException(error.message);
  return error;
}

export async function httpErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw asHttpError(error);
  }
}
