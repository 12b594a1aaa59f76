import { createFeedPoller } from '../../libs/feeds/src/index.js';
import { Lenses } from '../../libs/lens/src/index.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
const SECRET = 'secret';

describe('read routes, for a feed whose URL carries a user and password', () => {
  const api = apiOnItsOwnDatabase({ ADMIN_API_KEY: ADMIN_KEY });
  let server: FeedServer;
  const ids: number[] = [];

  beforeAll(async () => {
    server = await startFeedServer();
    const register = async (path: string, userinfo: string, outlet: string) => {
      const url = server.url(path).replace('://', `://${userinfo}@`);
      const response = await fetch(`${api.base}/api/v1/feeds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
        body: JSON.stringify({ url, outlet, country: 'INT', language: 'en', kind: 'independent' }),
      });
      expect(response.status).toBe(201);
      return { id: ((await response.json()) as { id: number }).id, url };
    };
    // A failing poll, whose error quotes the URL.
    const failing = await register('/500', `user:${SECRET}`, 'Failing');
    const poller = createFeedPoller(api.target.db, api.config, Lenses.load(api.config.lensesFile));
    expect((await poller.poll(failing.id, 'manual')).outcome).toBe('error');
    // An error stored as polls stored them before they hid credentials, with a password no pattern finds.
    const old = await register('/old', `reader:x@${SECRET} word`, 'Old');
    const quoted = `${old.url}: redirect loop (${new URL(old.url).href} → x)`;
    await api.target.db.query(`UPDATE feeds SET last_status = 'error', last_error = $2 WHERE id = $1`, [
      old.id,
      quoted,
    ]);
    await api.target.db.query(
      `INSERT INTO feed_polls (feed_id, started_at, duration_ms, outcome, conditional, error, next_poll_at, interval_sec)
       VALUES ($1, now(), 1, 'error', false, $2, now(), 60)`,
      [old.id, quoted],
    );
    ids.push(failing.id, old.id);
  });

  afterAll(async () => {
    await server?.close();
  });

  const anonymous = async (path: string) => {
    const response = await fetch(`${api.base}${path}`);
    expect(response.status).toBe(200);
    return response.text();
  };

  it('never show the password, in the URL or in the errors that quote it', async () => {
    const bodies = [
      await anonymous('/api/v1/sources'),
      await anonymous('/api/v1/feeds'),
      ...(await Promise.all(ids.map((id) => anonymous(`/api/v1/feeds/${id}`)))),
    ];
    for (const body of bodies) {
      expect(body).toContain('"url":"http://***@127.0.0.1:');
      expect(body).toMatch(/http:\/\/\*\*\*@127\.0\.0\.1:\d+\/(500: HTTP 500|old: redirect loop)/);
      expect(body).not.toContain(SECRET);
    }
  });
});
