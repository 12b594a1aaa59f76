/** The guarded outbound HTTP pieces shared by feed fetching and webhook delivery: the SSRF guard, fetch errors, response headers. The only entry into libs/http. */
export * from './address-guard.js';
export * from './fetch-error.js';
export * from './response-headers.js';
export * from './credentials.js';
