import type dns from 'node:dns';
import { AddressGuard, assertPublicUrl, type Resolver } from './address-guard.js';
import { FetchError } from './fetch-error.js';

function fixedDns(answers: Record<string, string[]>): Resolver {
  return async (hostname) =>
    (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
}

function lookupWith(guard: AddressGuard, hostname: string, options: dns.LookupOptions) {
  return new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
    guard.lookup(hostname, options, (err, address, family) => resolve({ err, address, family })),
  );
}

describe('AddressGuard.check', () => {
  const guard = new AddressGuard([]);

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.3.4', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['168.63.129.16', 'cloud metadata'],
    ['::ffff:168.63.129.16', 'cloud metadata, embedded in IPv6'],
    ['::ffff:10.0.0.1', 'private, embedded in IPv6'],
    ['::ffff:127.0.0.1', 'loopback, embedded in IPv6'],
    ['::ffff:169.254.169.254', 'cloud metadata, embedded in IPv6'],
    ['64:ff9b::a00:1', 'private, embedded in IPv6'],
    ['2002:c0a8:101::1', 'private, embedded in IPv6'],
    ['::7f00:1', 'loopback, embedded in IPv6'], // deprecated IPv4-compatible form of 127.0.0.1
    // GCP's IPv6 metadata server (a ULA, so refused as private before it had its own label).
    ['fd20:ce::254', 'cloud metadata'],
    // NAT64 (64:ff9b::/96): a translator connects to the embedded IPv4 address.
    ['64:ff9b::a83f:8110', 'cloud metadata, embedded in IPv6'], // 168.63.129.16
    ['64:ff9b::a9fe:a9fe', 'cloud metadata, embedded in IPv6'], // 169.254.169.254
    ['64:ff9b::a9fe:aa02', 'cloud metadata, embedded in IPv6'], // 169.254.170.2
    ['64:ff9b::6464:64c8', 'cloud metadata, embedded in IPv6'], // 100.100.100.200
    ['64:ff9b::7f00:1', 'loopback, embedded in IPv6'],
    ['64:ff9b::a9fe:101', 'link-local, embedded in IPv6'],
    ['64:ff9b:1::a83f:8110', 'cloud metadata, embedded in IPv6'], // local-use prefix, read as /96
    ['64:ff9b:1::808:808', 'local-use NAT64'], // maybe 8.8.8.8, maybe anything: the prefix is a network's own
    ['64:ff9b::1:a83f:8110', 'reserved'], // under 64:ff9b::/32 but outside /96: no global unicast
    // IPv4-mapped, translated (RFC 6145), IPv4-compatible and 6to4 spellings of the blocked IPv4 addresses.
    ['::ffff:a83f:8110', 'cloud metadata, embedded in IPv6'],
    ['::ffff:0:a83f:8110', 'cloud metadata, embedded in IPv6'],
    ['::ffff:0:a9fe:a9fe', 'cloud metadata, embedded in IPv6'],
    ['::ffff:100.100.100.200', 'cloud metadata, embedded in IPv6'],
    ['::ffff:169.254.170.2', 'cloud metadata, embedded in IPv6'],
    ['::a83f:8110', 'cloud metadata, embedded in IPv6'],
    ['::169.254.169.254', 'cloud metadata, embedded in IPv6'],
    ['::a00:1', 'private, embedded in IPv6'],
    ['::808:808', 'reserved'], // IPv4-compatible is deprecated, even for a public address
    ['2002:a83f:8110::1', 'cloud metadata, embedded in IPv6'],
    ['2002:a9fe:a9fe::1', 'cloud metadata, embedded in IPv6'],
    // Outside 2000::/3, the only IPv6 space assigned as global unicast.
    ['4000::1', 'reserved'],
    ['1::', 'reserved'],
  ])('refuses %s (%s)', (ip, label) => {
    expect(() => guard.check(ip)).toThrow(`address ${ip} (${label}); set FEED_ALLOW_CIDRS to allow it`);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '2a00:1450:4001:80b::200e',
    '::ffff:93.184.215.14',
    '64:ff9b::5db8:d70e',
    '64:ff9b::808:808',
    '::ffff:0:808:808',
    '2002:808:808::1',
  ])('lets the public address %s through', (ip) => {
    expect(() => guard.check(ip)).not.toThrow();
  });

  it('throws a FetchError of kind blocked-address that names the host and the address', () => {
    let caught: unknown;
    try {
      guard.check('10.0.0.5', 'feeds.internal.example');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FetchError);
    expect(caught).toMatchObject({
      kind: 'blocked-address',
      message:
        'feeds.internal.example resolves to a private address (private); set FEED_ALLOW_CIDRS to allow it',
    });
  });

  it('allows exactly what the allow-list names', () => {
    const allowing = new AddressGuard(['127.0.0.0/8', '::1/128', '10.1.0.0/16', '192.168.5.7']);

    expect(() => allowing.check('127.0.0.1')).not.toThrow();
    expect(() => allowing.check('::1')).not.toThrow();
    expect(() => allowing.check('::ffff:127.0.0.1')).not.toThrow();
    expect(() => allowing.check('10.1.200.3')).not.toThrow();
    expect(() => allowing.check('192.168.5.7')).not.toThrow();
    expect(() => allowing.check('10.2.0.1')).toThrow('(private)');
    expect(() => allowing.check('192.168.5.8')).toThrow('(private)');
    expect(() => allowing.check('169.254.169.254')).toThrow('(cloud metadata)');
  });

  it('fails fast on an allow-list entry that is not a CIDR', () => {
    expect(() => new AddressGuard(['10.0.0.0/8', 'intranet'])).toThrow('FEED_ALLOW_CIDRS: "intranet"');
  });
});

describe('AddressGuard.lookup (the connection-time hook)', () => {
  const guard = new AddressGuard(
    [],
    fixedDns({
      'news.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
      'mixed.example': ['93.184.215.14', '10.0.0.7'],
      'dns64.example': ['64:ff9b::a9fe:a9fe'],
      'nothing.example': [],
    }),
  );

  it('answers a single-address lookup like dns.lookup does', async () => {
    const { err, address, family } = await lookupWith(guard, 'news.example', {});
    expect(err).toBeNull();
    expect(address).toBe('93.184.215.14');
    expect(family).toBe(4);
  });

  it('answers an all-addresses lookup (what net.connect asks for with autoSelectFamily)', async () => {
    const { err, address } = await lookupWith(guard, 'news.example', { all: true });
    expect(err).toBeNull();
    expect(address).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
  });

  it('refuses a host if any of its addresses is off limits', async () => {
    const { err } = await lookupWith(guard, 'mixed.example', { all: true });
    expect(err).toBeInstanceOf(FetchError);
    expect(err!.message).toBe(
      'mixed.example resolves to a private address (private); set FEED_ALLOW_CIDRS to allow it',
    );
  });

  it('refuses a host whose DNS64 answer translates to a metadata address', async () => {
    const { err } = await lookupWith(guard, 'dns64.example', { all: true });
    expect(err!.message).toBe(
      'dns64.example resolves to a private address (cloud metadata, embedded in IPv6); set FEED_ALLOW_CIDRS to allow it',
    );
  });

  it('reports a host without addresses as not found', async () => {
    const { err } = await lookupWith(guard, 'nothing.example', {});
    expect(err?.code).toBe('ENOTFOUND');
  });
});

describe('assertPublicUrl', () => {
  const guard = new AddressGuard(
    [],
    fixedDns({ 'hooks.example': ['93.184.215.14'], 'internal.example': ['10.9.8.7'] }),
  );

  it('accepts an http(s) URL whose host resolves to public addresses', async () => {
    await expect(assertPublicUrl('https://hooks.example/incoming/42', guard)).resolves.toBeUndefined();
  });

  it('refuses a host resolving to a private address, naming the URL', async () => {
    await expect(assertPublicUrl('https://internal.example/hook', guard)).rejects.toMatchObject({
      kind: 'blocked-address',
      url: 'https://internal.example/hook',
      message: expect.stringContaining('internal.example resolves to a private address (private)'),
    });
  });

  it('refuses literal private and IPv6 loopback hosts without resolving', async () => {
    await expect(assertPublicUrl('http://192.168.0.1/', guard)).rejects.toMatchObject({
      kind: 'blocked-address',
    });
    await expect(assertPublicUrl('http://[::1]:8080/', guard)).rejects.toMatchObject({
      kind: 'blocked-address',
    });
    // WHATWG URL parsing turns these spellings into 127.0.0.1 before we look at them
    await expect(assertPublicUrl('http://0x7f.1/', guard)).rejects.toMatchObject({ kind: 'blocked-address' });
    await expect(assertPublicUrl('http://2130706433/', guard)).rejects.toMatchObject({
      kind: 'blocked-address',
    });
  });

  it('refuses the metadata addresses in every IPv6 spelling a URL can give them', async () => {
    for (const url of [
      'http://[fd20:ce::254]/computeMetadata/v1/',
      'http://[64:ff9b::168.63.129.16]/machine',
      'http://[::ffff:169.254.169.254]/latest/meta-data/',
      'http://[0:0:0:0:0:ffff:a9fe:a9fe]/latest/meta-data/',
      'http://[::169.254.169.254]/latest/meta-data/',
    ])
      await expect(assertPublicUrl(url, guard)).rejects.toMatchObject({
        kind: 'blocked-address',
        message: expect.stringContaining('cloud metadata'),
      });
  });

  it('refuses other schemes and junk', async () => {
    await expect(assertPublicUrl('gopher://hooks.example/', guard)).rejects.toMatchObject({
      kind: 'bad-url',
    });
    await expect(assertPublicUrl('hooks.example/incoming', guard)).rejects.toMatchObject({ kind: 'bad-url' });
  });
});
