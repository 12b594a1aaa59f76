import { ApiKeyRepository } from '../../libs/db/src/index.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';

const BOOTSTRAP_KEY = 'bootstrap-admin-key-annotations-0123';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read field by field
type Json = any;

describe('annotations: dated notes every chart draws; admins write, reads are open', () => {
  const api = apiOnItsOwnDatabase({ ADMIN_API_KEY: BOOTSTRAP_KEY, RATE_LIMIT_PER_MINUTE: '1000000' });
  const keys: Record<'operator' | 'analyst', string> = {} as never;

  beforeAll(async () => {
    const repository = new ApiKeyRepository(api.target.db);
    keys.operator = (await repository.create('operator', ['admin'])).key;
    keys.analyst = (await repository.create('analyst', ['annotate'])).key;
  });

  const call = async (method: string, path: string, key?: string, body?: unknown) => {
    const response = await fetch(`${api.base}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : null };
  };

  it('stores an instant and a period, names who made them, and lists what overlaps a period', async () => {
    const visit = await call('POST', '/api/v1/annotations', keys.operator, {
      startsAt: '2025-05-07',
      endsAt: '2025-05-10T18:00:00Z',
      title: 'Xi in Moscow',
      note: 'State visit; Victory Day parade on 9 May',
    });
    expect(visit.status).toBe(201);
    expect(visit.body).toMatchObject({
      startsAt: '2025-05-07T00:00:00.000Z',
      endsAt: '2025-05-10T18:00:00.000Z',
      title: 'Xi in Moscow',
      lens: null,
      createdBy: 'operator',
    });
    const sanctions = await call('POST', '/api/v1/annotations', BOOTSTRAP_KEY, {
      startsAt: '2025-05-20T09:00:00+03:00',
      title: 'EU sanctions package 17',
      lens: 'russia-china',
    });
    expect(sanctions.status).toBe(201);
    expect(sanctions.body).toMatchObject({
      startsAt: '2025-05-20T06:00:00.000Z',
      endsAt: null,
      note: null,
      createdBy: 'admin',
    });

    // Open reads: no key. A period that ends inside the window counts; one that starts after it does not.
    const may = await call('GET', '/api/v1/annotations?from=2025-05-09&to=2025-05-21');
    expect(may.status).toBe(200);
    expect(may.body.annotations.map((a: Json) => a.title)).toEqual([
      'Xi in Moscow',
      'EU sanctions package 17',
    ]);
    const later = await call('GET', '/api/v1/annotations?from=2025-05-11');
    expect(later.body.annotations.map((a: Json) => a.title)).toEqual(['EU sanctions package 17']);
    const before = await call('GET', '/api/v1/annotations?to=2025-05-07');
    expect(before.body.annotations).toEqual([]);
    // A lens's charts draw its own annotations and those of every lens.
    const otherLens = await call('GET', '/api/v1/annotations?lens=energy');
    expect(otherLens.body.annotations.map((a: Json) => a.title)).toEqual(['Xi in Moscow']);
  });

  it('refuses writes without an admin key, and bad bodies with what to change', async () => {
    const body = { startsAt: '2025-06-01', title: 'SCO summit' };
    expect((await call('POST', '/api/v1/annotations', undefined, body)).status).toBe(401);
    expect((await call('POST', '/api/v1/annotations', keys.analyst, body)).status).toBe(403);

    const backwards = await call('POST', '/api/v1/annotations', keys.operator, {
      ...body,
      endsAt: '2025-05-31',
    });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toMatch(/endsAt.*must not be earlier than startsAt/);
    const noZone = await call('POST', '/api/v1/annotations', keys.operator, {
      ...body,
      startsAt: '2025-06-01T10:00:00',
    });
    expect(noZone.status).toBe(400);
    expect(JSON.stringify(noZone.body)).toMatch(/date-time with a zone/);
    const lens = await call('POST', '/api/v1/annotations', keys.operator, { ...body, lens: 'nope' });
    expect(lens.status).toBe(400);
    expect(JSON.stringify(lens.body)).toMatch(/unknown lens; available lenses: russia-china/);
    const empty = await call('POST', '/api/v1/annotations', keys.operator, { ...body, title: ' ' });
    expect(empty.status).toBe(400);
    const extra = await call('POST', '/api/v1/annotations', keys.operator, { ...body, colour: 'red' });
    expect(extra.status).toBe(400);
    const range = await call('GET', '/api/v1/annotations?from=2025-06-02&to=2025-06-01');
    expect(range.status).toBe(400);
    // None of these was stored.
    const june = await call('GET', '/api/v1/annotations?from=2025-05-31');
    expect(june.body.annotations).toEqual([]);
  });

  it('deletes one by id; a missing one is a 404', async () => {
    const made = await call('POST', '/api/v1/annotations', keys.operator, {
      startsAt: '2025-07-01',
      title: 'to remove',
    });
    expect((await call('DELETE', `/api/v1/annotations/${made.body.id}`, keys.analyst)).status).toBe(403);
    expect((await call('DELETE', `/api/v1/annotations/${made.body.id}`, keys.operator)).status).toBe(204);
    const again = await call('DELETE', `/api/v1/annotations/${made.body.id}`, keys.operator);
    expect(again.status).toBe(404);
    expect(again.body.detail).toBe(`no annotation with id ${made.body.id}`);
    const all = await call('GET', '/api/v1/annotations');
    expect(all.body.annotations.map((a: Json) => a.title)).not.toContain('to remove');
  });
});
