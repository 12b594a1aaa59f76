import ipaddr from 'ipaddr.js';

/**
 * The rate-limit bucket of a client address: an IPv4 address as is (also when it arrives IPv4-mapped,
 * `::ffff:203.0.113.7`), an IPv6 address by its /64. One subscriber is routinely given a whole /64,
 * so keyed by /128 one client could take a fresh bucket for every request.
 */
export function addressBucket(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}
