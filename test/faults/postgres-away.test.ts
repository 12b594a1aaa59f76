import { freePort } from '../support/redis-server.js';
import { stancewatch } from '../support/run-cli.js';
import { testEnvironment } from '../support/test-config.js';

/**
 * A first run without PostgreSQL: `demo` and `start` stop at once with one line that names what is
 * missing, where they looked (without the password) and how to start it, instead of the driver's
 * error. Redis is there (test/faults/redis-away.test.ts covers it missing).
 */
describe('the commands without PostgreSQL', () => {
  it('stops `stancewatch demo` and `stancewatch start` with one line when PostgreSQL is not there', async () => {
    const closed = `postgres://postgres:s3cret@127.0.0.1:${await freePort()}/stancewatch`;
    for (const command of [
      ['demo', '--port', String(await freePort()), '--feeds-port', String(await freePort())],
      ['start', '--api'],
    ]) {
      const run = await stancewatch(command, { ...testEnvironment(closed), PORT: String(await freePort()) });
      const lines = run.stderr.trim().split('\n');
      expect({ command: command[0], code: run.code, lines }).toEqual({
        command: command[0],
        code: 1,
        lines: [
          expect.stringMatching(
            /^stancewatch: PostgreSQL is not reachable at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\w+ \(.*ECONNREFUSED.*\); start it \(`apt install postgresql`, or `docker compose up -d postgres`\) or point DATABASE_URL at a running one$/,
          ),
        ],
      });
      expect(run.stderr).not.toContain('s3cret');
      expect(run.stdout).toBe('');
    }
  }, 60_000);
});
