import { BlockList, isIP } from 'node:net';

/**
 * Address ranges a download must never reach: this host, the campus network and the
 * cloud metadata service behind it. IANA special-purpose registries:
 * https://www.iana.org/assignments/iana-ipv4-special-registry/ and …/iana-ipv6-special-registry/
 */
const V4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const V6: Array<[string, number]> = [
  ['::', 96], // unspecified, loopback, deprecated IPv4-compatible (::a.b.c.d)
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo: tunnels to an address we cannot see
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const blocked = new BlockList();
for (const [net, prefix] of V4) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of V6) blocked.addSubnet(net, prefix, 'ipv6');

/**
 * True when `ip` is a literal address on the public internet. Anything else — private,
 * loopback, link-local, CGNAT, multicast, unspecified, an IPv6 address carrying one of
 * those as IPv4 (mapped `::ffff:10.0.0.1`, NAT64 `64:ff9b::a00:1`, 6to4 `2002:a00:1::`),
 * a zone id, or not an address at all — is refused.
 */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !blocked.check(ip, 'ipv4');
  if (family !== 6 || ip.includes('%')) return false;
  // BlockList matches IPv4-mapped addresses against the IPv4 rules itself.
  if (blocked.check(ip, 'ipv6')) return false;
  const embedded = embeddedIPv4(ip);
  return embedded === null || !blocked.check(embedded, 'ipv4');
}

/** The IPv4 address inside a NAT64, 6to4 or mapped IPv6 address; null for any other. */
function embeddedIPv4(ip: string): string | null {
  const h = hextets(ip);
  if (!h) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => h.slice(from, to).every((x) => x === 0);
  if (h[0] === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return v4(h[6]!, h[7]!);
  if (zeros(0, 5) && h[5] === 0xffff) return v4(h[6]!, h[7]!);
  if (h[0] === 0x2002) return v4(h[1]!, h[2]!);
  return null;
}

/** The eight 16-bit groups of a valid IPv6 literal (validated by isIP beforehand). */
function hextets(ip: string): number[] | null {
  let s = ip.toLowerCase();
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2).map(Number) as [number, number, number, number];
    s = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(Math.max(fill, 0)).fill('0'), ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * True when `host` (lower case, no trailing dot) matches an entry of MEDIA_ALLOWED_HOSTS:
 * an exact name, or `*.example.com` for any name below example.com (not example.com itself).
 */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    const e = entry.trim().toLowerCase().replace(/\.$/, '');
    if (e.startsWith('*.')) return host.endsWith(e.slice(1)) && host.length > e.length - 1;
    return host === e;
  });
}
