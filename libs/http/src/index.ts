/** The guarded outbound HTTP pieces shared by feed fetching and webhook delivery: the SSRF guard, fetch errors, response headers; and the problem body both apps answer errors with. The only entry into libs/http. */
export * from './address-guard.js';
export * from './fetch-error.js';
export * from './response-headers.js';
export * from './credentials.js';
export * from './problem-body.js';
