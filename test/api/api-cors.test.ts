import type { INestApplication } from '@nestjs/common';
import { createApi } from '../../apps/api/src/create-api.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { listenLocally } from '../support/listen-locally.js';

describe('CORS', () => {
  let target: TestDatabase;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    target = await createTestDatabase();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await target.drop();
  });

  const start = async (overrides: Record<string, string>) => {
    const app = await createApi(testConfig(target.url, overrides));
    apps.push(app);
    return listenLocally(app);
  };

  it('sends no CORS header at all unless CORS_ORIGINS is set', async () => {
    const base = await start({});
    const response = await fetch(`${base}/api/v1/feeds`, { headers: { origin: 'https://dash.example.org' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${base}/api/v1/feeds`, {
      method: 'OPTIONS',
      headers: { origin: 'https://dash.example.org', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the configured origins', async () => {
    const base = await start({ CORS_ORIGINS: 'https://dash.example.org, https://ops.example.org' });
    const allowed = await fetch(`${base}/api/v1/feeds`, { headers: { origin: 'https://dash.example.org' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dash.example.org');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await fetch(`${base}/api/v1/feeds`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://ops.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://ops.example.org');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    const other = await fetch(`${base}/api/v1/feeds`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a CORS_ORIGINS entry that is not an origin, naming it', async () => {
    expect(() => testConfig(target.url, { CORS_ORIGINS: 'https://dash.example.org/path' })).toThrow(
      /CORS_ORIGINS/,
    );
  });
});
