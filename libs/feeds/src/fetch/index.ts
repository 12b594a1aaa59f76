export { AddressGuard, assertPublicUrl, type Resolver } from './address-guard.js';
export {
  DEFAULT_FETCH_LIMITS,
  fetchFeed,
  type ConditionalHeaders,
  type FetchLimits,
  type FetchOutcome,
} from './feed-fetcher.js';
export { FetchError, isFetchError, type FetchErrorKind } from './fetch-error.js';
export { HostLimiter, type HostLimiterOptions } from './host-limiter.js';
