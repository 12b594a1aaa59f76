import { ApiKeyRepository } from '../../libs/db/src/index.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';

const ADMIN_KEY = 'board-admin-key-0123456789';

describe('the queue board (Bull Board) at /admin/queues', () => {
  const api = apiOnItsOwnDatabase({ ADMIN_API_KEY: ADMIN_KEY });
  let keys: ApiKeyRepository;

  beforeAll(async () => {
    keys = new ApiKeyRepository(api.target.db);
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${api.base}${path}`, { headers, redirect: 'manual' });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('refuses every board path without an admin key (401), and a read key (403)', async () => {
    for (const path of [
      '/admin/queues',
      '/admin/queues/',
      '/admin/queues/api/queues',
      '/admin/queues/queue/classify',
    ]) {
      const response = await get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await get('/admin/queues/api/queues', bearer('sw_not_a_key_at_all'))).status).toBe(401);
    const reader = await keys.create('analyst', ['read']);
    const refused = await get('/admin/queues/api/queues', bearer(reader.key));
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain('feed-poll');
  });

  it('offers a browser a sign-in form without script when it has no key', async () => {
    const response = await get('/admin/queues/', { accept: 'text/html' });
    expect(response.status).toBe(401);
    const page = await response.text();
    expect(page).toMatch(/<form method="post" action="\/admin\/queues\/login">/);
    expect(page).not.toMatch(/<script/i);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
  });

  it('shows every stancewatch queue to an admin key, under its own CSP', async () => {
    const page = await get('/admin/queues/', bearer(ADMIN_KEY));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<base href="/admin/queues/"');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    // The page's scripts are files the board serves itself, behind the same key.
    const script = /<script defer src="([^"]+)"/.exec(html)![1];
    expect((await get(`/admin/queues/${script}`)).status).toBe(401);
    expect((await get(`/admin/queues/${script}`, bearer(ADMIN_KEY))).status).toBe(200);

    const listing = await get('/admin/queues/api/queues', bearer(ADMIN_KEY));
    expect(listing.status).toBe(200);
    const { queues } = (await listing.json()) as { queues: { name: string }[] };
    expect(queues.map((queue) => queue.name).sort()).toEqual([
      'alerts-evaluate',
      'classify',
      'feed-poll',
      'webhook-deliver',
    ]);
  });

  it('keeps a signed-in browser in an HttpOnly, SameSite=Strict cookie that stops working when the key is revoked', async () => {
    const admin = await keys.create('operator', ['admin']);
    const form = (key: string, headers: Record<string, string> = {}) =>
      fetch(`${api.base}/admin/queues/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ key }).toString(),
        redirect: 'manual',
      });
    const wrong = await form('sw_wrong');
    expect({ status: wrong.status, type: wrong.headers.get('content-type') }).toEqual({
      status: 401,
      type: expect.stringContaining('application/problem+json'),
    });
    // The API's one problem shape, with the whole path as the instance.
    expect(await wrong.json()).toEqual({
      type: 'about:blank',
      title: 'unauthorized',
      status: 401,
      detail: 'the API key is unknown or revoked (see `npx stancewatch keys list`)',
      instance: '/admin/queues/login',
    });
    const foreign = await form(admin.key, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({
      type: 'about:blank',
      title: 'forbidden',
      status: 403,
      detail: 'the sign-in form must be sent from this site',
      instance: '/admin/queues/login',
    });
    const signedIn = await form(admin.key, { origin: api.base });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/admin/queues/');
    const setCookie = signedIn.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/admin\/queues/);
    const cookie = { cookie: setCookie.split(';')[0] };

    expect((await get('/admin/queues/api/queues', cookie)).status).toBe(200);
    // A change sent with the cookie from another site is refused; from the board itself it passes the guard.
    const clean = (origin: string) =>
      fetch(`${api.base}/admin/queues/api/queues/classify/clean/failed`, {
        method: 'PUT',
        headers: { ...cookie, origin },
      });
    expect((await clean('https://evil.example')).status).toBe(403);
    expect((await clean(api.base)).status).toBe(200);

    await keys.revoke(admin.record.id);
    expect((await get('/admin/queues/api/queues', cookie)).status).toBe(401);
  });
});

describe('the queue board under the rate limit', () => {
  const api = apiOnItsOwnDatabase({ ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_PER_MINUTE: '3' });

  it('limits sign-in attempts per address like any API route: 429 with Retry-After, as problem+json', async () => {
    const guess = (key: string) =>
      fetch(`${api.base}/admin/queues/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: api.base },
        body: `key=${key}`,
        redirect: 'manual',
      });
    for (let i = 0; i < 3; i++) expect((await guess(`sw_guess_${i}`)).status).toBe(401);
    const over = await guess('sw_guess_3');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(over.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await over.json()) as { detail: string }).detail).toMatch(/too many requests/);
    // Even the right key waits: the address's budget is spent.
    expect((await guess(ADMIN_KEY)).status).toBe(429);
  });
});
