import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { type AddressGuard, stripBrackets, FetchError, parseRetryAfter } from '../../../http/src/index.js';
import { forWebhooks } from './webhook-url-guard.js';

/** Enough of a receiver's answer to show a person why it refused; the rest is not read. */
const MAX_RESPONSE_BYTES = 4096;

export interface SendOptions {
  guard: AddressGuard;
  /** The whole attempt: DNS, connect, request and response. */
  timeoutMs: number;
  userAgent: string;
}

export type SendOutcome =
  | { kind: 'answered'; status: number; retryAfterSec: number | null; responseText: string }
  /** No HTTP answer: refused address, DNS, connection, timeout. `blocked` when the SSRF guard refused. */
  | { kind: 'no-answer'; error: string; blocked: boolean };

/**
 * POSTs one webhook attempt: connections only to addresses the guard allows (checked at connect
 * time, so DNS rebinding is caught), no redirects followed (a 3xx is the receiver's answer), a hard
 * deadline, and at most a few KiB of the response read. Never throws.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendOutcome> {
  const target = new URL(url);
  const host = stripBrackets(target.hostname);
  if (net.isIP(host)) {
    // A literal IP never goes through `lookup`, so it is checked here.
    const problem = options.guard.problemWith(host);
    if (problem !== null) return Promise.resolve(blocked(`address ${host} (${problem})`));
  }
  const payload = Buffer.from(body, 'utf8');
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const transport = target.protocol === 'https:' ? https : http;
    const req = transport.request(target, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(payload.length),
        'user-agent': options.userAgent,
      },
      lookup: options.guard.lookup,
      agent: false, // a fresh connection per attempt, so the guard's lookup runs every time
    });
    const timer = setTimeout(
      () => settle({ kind: 'no-answer', error: `no answer within ${options.timeoutMs} ms`, blocked: false }),
      options.timeoutMs,
    );
    req.on('error', (error) => settle(failure(error)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = () =>
        settle({
          kind: 'answered',
          status: res.statusCode ?? 0,
          retryAfterSec: parseRetryAfter(res.headers['retry-after'], new Date()),
          responseText: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES),
        });
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_RESPONSE_BYTES) answer();
      });
      res.on('end', answer);
      res.on('error', answer);
    });
    req.end(payload);
  });
}

function failure(error: Error): SendOutcome {
  if (error instanceof FetchError && error.kind === 'blocked-address') return blocked(error.message);
  const code = (error as NodeJS.ErrnoException).code;
  const detail = code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  return { kind: 'no-answer', error: detail, blocked: false };
}

function blocked(what: string): SendOutcome {
  const message = what.includes('ALLOW_CIDRS') ? what : `${what}; set WEBHOOK_ALLOW_CIDRS to allow it`;
  return { kind: 'no-answer', error: forWebhooks(message), blocked: true };
}
