import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { FetchError } from './fetch-error.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/** Resolves a host name to every address it has (injectable so tests can play a rebinding DNS server). */
export type Resolver = (hostname: string, options: dns.LookupOptions) => Promise<dns.LookupAddress[]>;

const systemResolver: Resolver = (hostname, options) =>
  dns.promises.lookup(hostname, { ...options, all: true });

// Cloud metadata endpoints get their own label: the most valuable target of an SSRF. Most sit in
// ranges refused anyway (link-local, CGNAT, ULA); Azure's platform address 168.63.129.16 (wire
// server: VM extensions, health probes, DNS) is public unicast and is refused only by this list.
// IPv6: AWS's fd00:ec2::254 and GCP's fd20:ce::254. Their IPv6 spellings (mapped, NAT64, 6to4,
// IPv4-compatible) are refused by the embedded address, see classifyIPv6.
const METADATA = new Set([
  '169.254.169.254',
  'fd00:ec2::254',
  'fd20:ce::254',
  '100.100.100.200',
  '169.254.170.2',
  '168.63.129.16',
]);

// The only IPv6 space assigned as global unicast (RFC 4291, IANA); ipaddr.js calls "unicast" whatever it
// has no range for, such as the rest of ::/8 around the NAT64 prefix, which no public host has.
const GLOBAL_UNICAST: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse('2000::'), 3];
// RFC 8215's local-use NAT64 prefix: a network's own translator, which may embed the IPv4 address at any
// of RFC 6052's offsets, so no reading of it can tell that the address it reaches is public.
const LOCAL_NAT64: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse('64:ff9b:1::'), 48];

const RANGE_LABELS: Record<string, string> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT',
  private: 'private',
  uniqueLocal: 'private',
  reserved: 'reserved',
  as112: 'reserved',
  as112v6: 'reserved',
  amt: 'reserved',
  benchmarking: 'reserved',
  discard: 'reserved',
  deprecatedSiteLocal: 'site-local',
  deprecatedOrchid: 'reserved',
  orchid2: 'reserved',
  droneRemoteIdProtocolEntityTags: 'reserved',
  segmentRouting: 'reserved',
  teredo: 'teredo tunnel',
};

/**
 * Refuses connections to addresses a feed or webhook URL must never reach (loopback, private, link-local,
 * metadata, ...) unless an operator allowed them with a CIDR. The `lookup` hook runs at connection time,
 * so a DNS answer that changes between a check and the connect (rebinding) is caught too.
 */
export class AddressGuard {
  private readonly allowed: Cidr[];

  constructor(
    allowCidrs: string[],
    private readonly resolver: Resolver = systemResolver,
  ) {
    this.allowed = allowCidrs.map(parseAllowedCidr);
  }

  /** Throws FetchError 'blocked-address' unless `ip` is a public unicast address or inside an allowed CIDR. */
  check(ip: string, host: string = ip): void {
    const problem = this.problemWith(ip);
    if (problem === null) return;
    // A host name's address is not named: feed errors are public, and naming where a hostile feed's
    // name resolves inside the network would make the service a DNS oracle for it.
    const subject = host === ip ? `address ${ip}` : `${host} resolves to a private address`;
    throw new FetchError(
      'blocked-address',
      host,
      `${subject} (${problem}); set FEED_ALLOW_CIDRS to allow it`,
    );
  }

  /** Returns null when the address may be reached, otherwise why not ('private', 'loopback', ...). */
  problemWith(ip: string): string | null {
    if (!ipaddr.isValid(ip)) return 'not an IP address';
    const address = ipaddr.parse(ip);
    if (this.isAllowed(address)) return null;
    return classify(address);
  }

  /** Resolves a host name (or takes an IP literal) and checks every address; returns the addresses. */
  async checkHost(host: string): Promise<string[]> {
    const bare = stripBrackets(host);
    if (net.isIP(bare)) {
      this.check(bare, bare);
      return [bare];
    }
    const addresses = await this.resolver(bare, {});
    if (addresses.length === 0) throw notFound(bare);
    for (const { address } of addresses) this.check(address, bare);
    return addresses.map((a) => a.address);
  }

  /** Drop-in for the `lookup` option of http.request / net.connect. */
  readonly lookup: net.LookupFunction = (hostname, options, callback) => {
    this.resolver(hostname, options)
      .then((addresses) => {
        if (addresses.length === 0) throw notFound(hostname);
        // Refuse the host outright if any answer is off limits: a mix of public and private answers is
        // exactly what a rebinding attack looks like.
        for (const { address } of addresses) this.check(address, hostname);
        if (options.all) return callback(null, addresses);
        const [first] = addresses;
        callback(null, first.address, first.family);
      })
      .catch((err: NodeJS.ErrnoException) => callback(err, ''));
  };

  private isAllowed(address: Address): boolean {
    const candidates: Address[] = [address];
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      candidates.push((address as ipaddr.IPv6).toIPv4Address());
    }
    return candidates.some((candidate) =>
      this.allowed.some(([range, bits]) => range.kind() === candidate.kind() && candidate.match(range, bits)),
    );
  }
}

/** Resolves the URL's host and refuses it like the fetcher would (used for webhook URLs at save time). */
export async function assertPublicUrl(url: string, guard: AddressGuard): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchError('bad-url', url, `${url} is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchError(
      'bad-url',
      url,
      `${url} must use http or https, not ${parsed.protocol.slice(0, -1)}`,
    );
  }
  try {
    await guard.checkHost(parsed.hostname);
  } catch (err) {
    if (err instanceof FetchError) throw new FetchError(err.kind, url, err.message);
    throw new FetchError('network', url, `cannot resolve ${parsed.hostname}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function classify(address: Address): string | null {
  const normal = address.toNormalizedString();
  if (METADATA.has(normal) || METADATA.has(address.toString())) return 'cloud metadata';
  if (address.kind() === 'ipv4') return labelOf((address as ipaddr.IPv4).range());
  return classifyIPv6(address as ipaddr.IPv6);
}

/** An IPv6 address carrying an IPv4 one is refused by the IPv4 address's rules first: that is where it goes. */
function classifyIPv6(address: ipaddr.IPv6): string | null {
  const embedded = embeddedIPv4(address);
  if (embedded !== null) {
    const inner = classify(embedded);
    if (inner !== null) return `${inner}, embedded in IPv6`;
    // ::a.b.c.d is deprecated (RFC 4291) and has no business in a feed URL, even for a public a.b.c.d.
    if (isIPv4Compatible(address)) return 'reserved';
    if (address.match(LOCAL_NAT64)) return 'local-use NAT64';
    return null;
  }
  const label = labelOf(address.range());
  if (label !== null) return label;
  return address.match(GLOBAL_UNICAST) ? null : 'reserved';
}

function labelOf(range: string): string | null {
  if (range === 'unicast') return null;
  return RANGE_LABELS[range] ?? range;
}

// IPv6 forms that carry an IPv4 address the packet may end up at: mapped, translated, NAT64
// (64:ff9b::/96, and the local-use prefix read at the same offset), 6to4, IPv4-compatible.
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = address.range();
  const p = address.parts;
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052' || isIPv4Compatible(address)) {
    return fromParts(p[6], p[7]);
  }
  if (range === '6to4') return fromParts(p[1], p[2]);
  return null;
}

// ::a.b.c.d, the deprecated IPv4-compatible form ("unicast" to ipaddr.js); :: and ::1 are not one.
function isIPv4Compatible(address: ipaddr.IPv6): boolean {
  const p = address.parts;
  return p.slice(0, 6).every((part) => part === 0) && (p[6] !== 0 || p[7] > 1);
}

function fromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function parseAllowedCidr(cidr: string): Cidr {
  const text = cidr.trim();
  try {
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const address = ipaddr.parse(text);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw new Error(`FEED_ALLOW_CIDRS: "${cidr}" is not an IP address or CIDR (e.g. 10.0.0.0/8, fd00::/8)`);
  }
}

function notFound(hostname: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  err.code = 'ENOTFOUND';
  return err;
}
