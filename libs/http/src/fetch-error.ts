export type FetchErrorKind =
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'redirect-loop'
  | 'blocked-address'
  | 'bad-url'
  | 'http-status'
  | 'network'
  | 'decompression';

export interface FetchErrorDetails {
  status?: number;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * Every way a feed fetch can fail, as one error type whose `kind` a poller can switch on.
 * The message is one line an operator can act on and always names the URL.
 */
export class FetchError extends Error {
  readonly kind: FetchErrorKind;
  readonly url: string;
  readonly status?: number;
  readonly retryAfterSeconds?: number;

  constructor(kind: FetchErrorKind, url: string, message: string, details: FetchErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'FetchError';
    this.kind = kind;
    this.url = url;
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

export function isFetchError(err: unknown): err is FetchError {
  return err instanceof FetchError;
}
