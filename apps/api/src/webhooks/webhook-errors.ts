import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import {
  WebhookConflictError,
  WebhookNotFoundError,
  WebhookUrlError,
} from '../../../../libs/alerts/src/index.js';
import type { Refusal } from '../http/refusals.js';

/** The webhook library's refusals and the HTTP answers they become. */
export const WEBHOOK_REFUSALS: readonly Refusal[] = [
  [WebhookUrlError, (error) => new BadRequestException(`body.url: ${error.message}`)],
  [WebhookNotFoundError, (error) => new NotFoundException(error.message)],
  [WebhookConflictError, (error) => new ConflictException(error.message)],
];
