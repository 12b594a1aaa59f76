import { AddressGuard, assertPublicUrl, FetchError } from '../../../http/src/index.js';

/**
 * The feeds' SSRF guard with the webhooks' own allow-list (WEBHOOK_ALLOW_CIDRS). The guard's messages
 * name FEED_ALLOW_CIDRS; for webhooks they are rewritten to name the setting that applies here.
 */
export function webhookAddressGuard(allowCidrs: string[]): AddressGuard {
  try {
    return new AddressGuard(allowCidrs);
  } catch (error) {
    throw new Error(forWebhooks((error as Error).message), { cause: error });
  }
}

/** Why a webhook URL may not be registered: not http(s), or it resolves to an address the guard refuses. */
export class WebhookUrlError extends Error {}

/** Checks a URL at registration time: http(s) only, and every address it resolves to is allowed. */
export async function assertWebhookUrl(url: string, guard: AddressGuard): Promise<void> {
  try {
    await assertPublicUrl(url, guard);
  } catch (error) {
    if (error instanceof FetchError) throw new WebhookUrlError(forWebhooks(error.message));
    throw error;
  }
}

export function forWebhooks(message: string): string {
  return message.replaceAll('FEED_ALLOW_CIDRS', 'WEBHOOK_ALLOW_CIDRS');
}
