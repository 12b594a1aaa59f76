import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import {
  AddressGuard,
  stripBrackets,
  FetchError,
  firstValue,
  freshnessSeconds,
  parseRetryAfter,
} from '../../../http/src/index.js';
import { formatBytes, readBody, tooLarge } from './body-reader.js';

export interface FetchLimits {
  /** DNS lookup plus TCP connect, per hop. */
  connectTimeoutMs: number;
  /** Longest silence while waiting for or reading a response; also the deadline for the whole fetch (all
   *  hops) after connectTimeoutMs, so a server trickling one byte a second is cut off too. */
  readTimeoutMs: number;
  /** Enforced on the wire and after decompression; 15 MiB is the usual default. */
  maxBodyBytes: number;
  maxRedirects: number;
  userAgent: string;
}

export interface ConditionalHeaders {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchOutcome =
  | {
      kind: 'fetched';
      status: number;
      finalUrl: string;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      /** Cache-Control max-age / s-maxage, or Expires; null when the server gives no hint. */
      maxAgeSeconds: number | null;
      /** Every URL that answered with a redirect, in order (the first is the requested URL). */
      redirects: string[];
      /** The `Link` header (RFC 8288), where a site can name its feeds; null when there is none. */
      link: string | null;
    }
  | {
      kind: 'not-modified';
      status: 304;
      finalUrl: string;
      etag: string | null;
      lastModified: string | null;
      maxAgeSeconds: number | null;
    };

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  connectTimeoutMs: 10_000,
  readTimeoutMs: 30_000,
  maxBodyBytes: 15 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'stancewatch/0.1 (+https://github.com/stancewatch/stancewatch)',
};

const ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type Hop = { kind: 'redirect'; location: string } | { kind: 'done'; outcome: FetchOutcome };

/**
 * GETs a feed politely and safely: conditional headers, compressed transfer, bounded size and time,
 * bounded redirects, and no connection to an address the guard refuses (checked on every hop).
 */
export async function fetchFeed(
  url: string,
  conditional: ConditionalHeaders | null,
  limits: FetchLimits,
  guard: AddressGuard,
): Promise<FetchOutcome> {
  const deadlineAt = Date.now() + limits.connectTimeoutMs + limits.readTimeoutMs;
  const redirects: string[] = [];
  const visited = new Set<string>();
  let current = parseFeedUrl(url, url);

  for (;;) {
    visited.add(current.href);
    const hop = await requestHop(current, conditional, limits, guard, deadlineAt).catch((err: unknown) => {
      throw redirects.length > 0 && err instanceof FetchError ? afterRedirects(err, url) : err;
    });
    if (hop.kind === 'done') {
      return hop.outcome.kind === 'fetched' ? { ...hop.outcome, redirects } : hop.outcome;
    }
    redirects.push(current.href);
    const next = parseFeedUrl(hop.location, current.href, current);
    if (visited.has(next.href)) {
      throw new FetchError(
        'redirect-loop',
        url,
        `${url}: redirect loop (${[...redirects, next.href].join(' → ')})`,
      );
    }
    if (redirects.length > limits.maxRedirects) {
      throw new FetchError(
        'too-many-redirects',
        url,
        `${url}: more than ${limits.maxRedirects} redirects (last to ${next.href})`,
      );
    }
    current = next;
  }
}

function parseFeedUrl(text: string, reportAs: string, base?: URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(text, base);
  } catch {
    const what = base ? `redirects to an invalid URL "${text}"` : 'is not a valid URL';
    throw new FetchError('bad-url', reportAs, `${reportAs} ${what}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    const what = base ? `redirects to ${parsed.href}` : 'uses';
    throw new FetchError('bad-url', reportAs, `${reportAs} ${what}: only http and https feeds are fetched`);
  }
  parsed.hash = '';
  return parsed;
}

function requestHop(
  url: URL,
  conditional: ConditionalHeaders | null,
  limits: FetchLimits,
  guard: AddressGuard,
  deadlineAt: number,
): Promise<Hop> {
  const href = url.href;
  const host = stripBrackets(url.hostname);
  // A literal IP never goes through `lookup`, so it is checked here.
  if (net.isIP(host)) {
    try {
      guard.check(host, host);
    } catch (err) {
      return Promise.reject(asFetchError(err as Error, href));
    }
  }

  return new Promise<Hop>((resolve, reject) => {
    const timers: NodeJS.Timeout[] = [];
    let body: ReturnType<typeof readBody> | null = null;
    let settled = false;
    const settle = (err: Error | null, hop?: Hop) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      if (err) {
        body?.abort();
        req.destroy();
        reject(err);
      } else resolve(hop!);
    };
    const timeout = (message: string) => settle(new FetchError('timeout', href, `${href}: ${message}`));

    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(url, {
      method: 'GET',
      headers: requestHeaders(conditional, limits.userAgent),
      lookup: guard.lookup,
      agent: false, // a fresh connection per fetch, so `lookup` (the guard) runs every time
    });

    const remaining = deadlineAt - Date.now();
    if (remaining <= 0) return timeout('deadline passed before the request started');
    const deadline = `no complete response within the ${deadlineMs(limits)} ms deadline`;
    const connectTimer = setTimeout(
      () => timeout(`could not connect within ${limits.connectTimeoutMs} ms`),
      limits.connectTimeoutMs,
    );
    timers.push(
      setTimeout(() => timeout(deadline), remaining),
      connectTimer,
    );
    req.on('socket', (socket) => socket.once('connect', () => clearTimeout(connectTimer)));
    req.setTimeout(limits.readTimeoutMs, () => timeout(`no data for ${limits.readTimeoutMs} ms`));
    req.on('error', (err) => settle(asFetchError(err, href)));

    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const location = firstValue(res.headers.location);
      if (REDIRECT_STATUSES.has(status) && location) {
        res.resume();
        settle(null, { kind: 'redirect', location });
        req.destroy();
        return;
      }
      if (status === 304) {
        res.resume();
        if (!hasConditional(conditional)) {
          return settle(
            new FetchError('http-status', href, `${href}: HTTP 304 to an unconditional request`, { status }),
          );
        }
        return settle(null, { kind: 'done', outcome: notModified(res, href) });
      }
      if (status < 200 || status > 299) {
        res.resume();
        return settle(httpStatusError(res, href));
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
        return settle(tooLarge(href, limits.maxBodyBytes, `(Content-Length says ${formatBytes(declared)})`));
      }
      body = readBody(res, href, limits.maxBodyBytes);
      body.done.then(
        (bytes) => settle(null, { kind: 'done', outcome: fetched(res, href, bytes) }),
        (err: Error) => settle(err),
      );
    });
    req.end();
  });
}

function requestHeaders(conditional: ConditionalHeaders | null, userAgent: string): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {
    'User-Agent': userAgent,
    Accept: ACCEPT,
    'Accept-Encoding': 'gzip, deflate, br',
  };
  if (conditional?.etag) headers['If-None-Match'] = conditional.etag;
  if (conditional?.lastModified) headers['If-Modified-Since'] = conditional.lastModified;
  return headers;
}

function hasConditional(conditional: ConditionalHeaders | null): boolean {
  return Boolean(conditional?.etag || conditional?.lastModified);
}

function fetched(res: http.IncomingMessage, href: string, body: Buffer): FetchOutcome {
  return {
    kind: 'fetched',
    status: res.statusCode ?? 200,
    finalUrl: href,
    body,
    contentType: res.headers['content-type'] ?? null,
    etag: firstValue(res.headers.etag) ?? null,
    lastModified: res.headers['last-modified'] ?? null,
    maxAgeSeconds: freshnessSeconds(res.headers, new Date()),
    redirects: [],
    link: [res.headers.link ?? []].flat().join(', ') || null,
  };
}

function notModified(res: http.IncomingMessage, href: string): FetchOutcome {
  return {
    kind: 'not-modified',
    status: 304,
    finalUrl: href,
    etag: firstValue(res.headers.etag) ?? null,
    lastModified: res.headers['last-modified'] ?? null,
    maxAgeSeconds: freshnessSeconds(res.headers, new Date()),
  };
}

function httpStatusError(res: http.IncomingMessage, href: string): FetchError {
  const status = res.statusCode ?? 0;
  const retryAfter = parseRetryAfter(res.headers['retry-after'], new Date());
  const reason = res.statusMessage ? ` ${res.statusMessage}` : '';
  const hint = retryAfter === null ? '' : ` (Retry-After ${retryAfter}s)`;
  return new FetchError('http-status', href, `${href}: HTTP ${status}${reason}${hint}`, {
    status,
    retryAfterSeconds: retryAfter ?? undefined,
  });
}

function asFetchError(err: Error, href: string): FetchError {
  // The guard's lookup hook only knows the host; say which URL it was.
  if (err instanceof FetchError)
    return new FetchError(err.kind, href, `${href}: ${err.message}`, { cause: err });
  const code = (err as NodeJS.ErrnoException).code;
  const detail = code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  return new FetchError('network', href, `${href}: ${detail}`, { cause: err });
}

function deadlineMs(limits: FetchLimits): number {
  return limits.connectTimeoutMs + limits.readTimeoutMs;
}

// Errors name the feed URL the caller asked for; the message keeps where along the redirects it failed.
function afterRedirects(err: FetchError, url: string): FetchError {
  return new FetchError(err.kind, url, `${err.message} (redirected from ${url})`, {
    status: err.status,
    retryAfterSeconds: err.retryAfterSeconds,
    cause: err,
  });
}
