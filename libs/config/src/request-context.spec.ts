import { Writable } from 'node:stream';
import { jsonLogger } from './json-logger.js';
import { currentRequestId, requestIdFrom, withoutRequestId, withRequestId } from './request-context.js';

describe('request ids', () => {
  it("keeps a client's sane X-Request-Id and replaces anything else by a UUID", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const sane of ['abc-123', '01J9ZQ4X7Y', 'lb/7f3a:2', 'x'.repeat(128)])
      expect(requestIdFrom(sane)).toBe(sane);
    expect(requestIdFrom(['first', 'second'])).toBe('first');
    for (const insane of [
      undefined,
      '',
      'x'.repeat(129),
      'has space',
      'new\nline',
      '"quoted"',
      'ключ',
      '<b>',
    ])
      expect(requestIdFrom(insane)).toMatch(uuid);
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });

  it('is current inside withRequestId, across awaits, and nowhere else', async () => {
    expect(currentRequestId()).toBeUndefined();
    const seen = await withRequestId('r-1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentRequestId();
    });
    expect(seen).toBe('r-1');
    expect(currentRequestId()).toBeUndefined();
    expect(withRequestId(undefined, () => currentRequestId())).toBeUndefined();
    expect(withRequestId('r-1', () => withoutRequestId(() => currentRequestId()))).toBeUndefined();
  });

  it('is on every JSON log line written meanwhile, unless the line names its own', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const logger = jsonLogger('log', 'api', stream);
    logger.log({ msg: 'outside' });
    withRequestId('r-2', () => {
      logger.log({ msg: 'inside' }, 'FeedPoller');
      logger.warn({ msg: 'own id', requestId: 'r-3' });
    });
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((line) => [line.msg, line.requestId])).toEqual([
      ['outside', undefined],
      ['inside', 'r-2'],
      ['own id', 'r-3'],
    ]);
  });
});
