import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { jsonLogger } from './json-logger.js';

/** A destination that keeps every line pino writes. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('jsonLogger', () => {
  it('writes one flat JSON object per line with the structured fields at the top level', () => {
    const out = capture();
    const logger = jsonLogger('log', 'worker', out.stream);
    logger.log(
      { msg: 'feed-poll job done', jobId: 'repeat:feed-3:1', feedId: 3, itemsNew: 2 },
      'FeedPollProcessor',
    );
    logger.warn('plain text', 'Models');
    logger.debug({ msg: 'below the level' }, 'Models');
    const [poll, plain, ...rest] = out.parsed();
    expect(rest).toEqual([]);
    expect(poll).toMatchObject({
      level: 'info',
      context: 'FeedPollProcessor',
      msg: 'feed-poll job done',
      jobId: 'repeat:feed-3:1',
      feedId: 3,
      itemsNew: 2,
    });
    expect(new Date(poll.time as string).toISOString()).toBe(poll.time);
    expect(poll).not.toHaveProperty('message');
    expect(plain).toMatchObject({ level: 'warn', context: 'Models', msg: 'plain text' });
  });

  it('keeps the stack of an error as a field and falls back to its own context', () => {
    const out = capture();
    const logger = jsonLogger('warn', 'api', out.stream);
    logger.error({ msg: 'request failed', path: '/api/v1/feeds' }, 'Error: boom\n    at x', 'ProblemFilter');
    logger.error('no context given');
    const [failed, bare] = out.parsed();
    expect(failed).toMatchObject({ level: 'error', context: 'ProblemFilter', path: '/api/v1/feeds' });
    expect(failed.stack).toMatch(/^Error: boom/);
    expect(bare).toMatchObject({ context: 'api', msg: 'no context given' });
  });

  it('never writes keys, secrets, passwords or authorization headers', () => {
    const out = capture();
    const logger = jsonLogger('verbose', 'api', out.stream);
    const secrets = {
      authorization: 'Bearer sw_topsecretkey_0001',
      secret: 'whsec_c2lnbmluZyBzZWNyZXQgMDAwMg==',
      key: 'sw_topsecretkey_0003',
      password: 'hunter2-0004',
      headers: { authorization: 'Bearer sw_topsecretkey_0005', cookie: 'sw_admin_key=sw_topsecretkey_0006' },
      endpoint: { id: 7, secret: 'whsec_nested_0007' },
      config: { adminApiKey: 'admin-key-0008-long-enough', databaseUrl: 'postgres://db/x' },
    };
    logger.log({ msg: 'something happened', deliveryId: 42, ...secrets }, 'WebhookDeliverer');
    logger.error({
      msg: 'request failed',
      req: { headers: { authorization: 'Bearer sw_topsecretkey_0009' } },
    });
    // Through Nest's own Logger, as services log.
    Logger.overrideLogger(logger);
    new Logger('ApiKeyAuthenticator').error({ msg: 'lookup failed', key: 'sw_topsecretkey_0010' });
    const text = out.lines.join('\n');
    for (const leaked of [/sw_topsecretkey/, /whsec_/, /hunter2/, /admin-key-0008/])
      expect(text).not.toMatch(leaked);
    const [line, request, viaNest] = out.parsed();
    expect(line).toMatchObject({
      msg: 'something happened',
      deliveryId: 42,
      authorization: '[redacted]',
      secret: '[redacted]',
      key: '[redacted]',
      password: '[redacted]',
      headers: { authorization: '[redacted]', cookie: '[redacted]' },
      endpoint: { id: 7, secret: '[redacted]' },
      config: { adminApiKey: '[redacted]', databaseUrl: 'postgres://db/x' },
    });
    expect(request).toMatchObject({ req: { headers: { authorization: '[redacted]' } } });
    expect(viaNest).toMatchObject({
      context: 'ApiKeyAuthenticator',
      msg: 'lookup failed',
      key: '[redacted]',
    });
  });
});
