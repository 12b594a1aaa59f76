import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { loadConfig } from './app-config.js';
import { environmentSchema } from './config.schema.js';
import { envExample, environmentWithDotEnv } from './dot-env.js';

const ROOT = join(import.meta.dirname, '../../..');

describe('the .env file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stancewatch-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fills in what the environment does not set, and the environment wins', () => {
    const file = join(dir, '.env');
    writeFileSync(
      file,
      '# a comment\nPORT=4000\nexport LOG_LEVEL=debug\nFEED_USER_AGENT="my reader (+https://example.org)"\nQUEUE_PREFIX=from-file\n',
    );
    const env = environmentWithDotEnv({ QUEUE_PREFIX: 'from-environment' }, file);
    expect(env).toMatchObject({
      PORT: '4000',
      LOG_LEVEL: 'debug',
      FEED_USER_AGENT: 'my reader (+https://example.org)',
      QUEUE_PREFIX: 'from-environment',
    });
    const config = loadConfig(env);
    expect([config.port, config.queuePrefix, config.fetch.userAgent]).toEqual([
      4000,
      'from-environment',
      'my reader (+https://example.org)',
    ]);
  });

  it('is optional: without one the environment is taken as it is', () => {
    const base = { PORT: '3100' };
    expect(environmentWithDotEnv(base, join(dir, 'missing.env'))).toBe(base);
  });
});

describe('.env.example', () => {
  const committed = readFileSync(join(ROOT, '.env.example'), 'utf8');

  it('is generated from the schema as it is now', () => {
    if (committed !== envExample())
      throw new Error(
        '.env.example is stale: the configuration schema changed. Run `npm run generate:env-example` and commit it.',
      );
  });

  it('lists every variable the schema knows, once', () => {
    const listed = [...committed.matchAll(/^# ([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(Object.keys(environmentSchema.shape).sort());
  });

  it('gives the defaults: every line uncommented loads the same configuration as none at all', () => {
    const uncommented = committed
      .split('\n')
      .filter((line) => /^# [A-Z][A-Z0-9_]*=./.test(line))
      .map((line) => line.slice(2))
      .join('\n');
    expect(loadConfig(parseEnv(uncommented))).toEqual(loadConfig({}));
  });
});
