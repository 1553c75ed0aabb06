/**
 * IPv4 addresses, subnets and CIDR ranges, as 32-bit unsigned numbers. What a sweep may probe is
 * decided here: only host addresses inside the picked interface's own subnet.
 */

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `10.231.0.7` -> 182910983; null when it is not a dotted-quad IPv4 address. */
export function ipToInt(ip: string): number | null {
  const m = DOTTED.exec(ip.trim());
  if (!m) return null;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    if (part.length > 1 && part.startsWith('0')) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function isIpv4(text: string): boolean {
  return ipToInt(text) !== null;
}

export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** `255.255.252.0` -> 22; null for a mask with holes. */
export function netmaskToPrefix(netmask: string): number | null {
  const n = ipToInt(netmask);
  if (n === null) return null;
  for (let p = 0; p <= 32; p++) if (prefixMask(p) === n) return p;
  return null;
}

export interface Cidr {
  /** Network address as a number. */
  network: number;
  prefix: number;
}

/** `10.231.0.0/24`; a host address with a prefix (`10.231.0.9/24`) is taken to its network. */
export function parseCidr(text: string): Cidr | null {
  const m = /^([^/\s]+)\/(\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const ip = ipToInt(m[1] as string);
  const prefix = Number(m[2]);
  if (ip === null || prefix > 32) return null;
  return { network: (ip & prefixMask(prefix)) >>> 0, prefix };
}

export function formatCidr(c: Cidr): string {
  return `${intToIp(c.network)}/${c.prefix}`;
}

export function cidrOf(ip: string, prefix: number): Cidr | null {
  const n = ipToInt(ip);
  if (n === null || prefix < 0 || prefix > 32) return null;
  return { network: (n & prefixMask(prefix)) >>> 0, prefix };
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return (ip & prefixMask(c.prefix)) >>> 0 === c.network;
}

/** Whether `inner` lies wholly inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.prefix >= outer.prefix && cidrContains(outer, inner.network);
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrWithin(a, b) || cidrWithin(b, a);
}

/** Number of host addresses: the network and broadcast addresses are left out below /31. */
export function hostCount(c: Cidr): number {
  const size = 2 ** (32 - c.prefix);
  return c.prefix >= 31 ? size : size - 2;
}

/** Every host address of the range, in order, as numbers; `except` is left out (our own address). */
export function cidrHosts(c: Cidr, except: readonly number[] = []): number[] {
  const size = 2 ** (32 - c.prefix);
  const first = c.prefix >= 31 ? c.network : c.network + 1;
  const last = c.prefix >= 31 ? c.network + size - 1 : c.network + size - 2;
  const skip = new Set(except);
  const out: number[] = [];
  for (let n = first; n <= last; n++) if (!skip.has(n)) out.push(n >>> 0);
  return out;
}

/** RFC 1918 private ranges: where a site's phones normally live. */
export function isPrivate(ip: number): boolean {
  return (
    cidrContains({ network: 0x0a000000, prefix: 8 }, ip) ||
    cidrContains({ network: 0xac100000, prefix: 12 }, ip) ||
    cidrContains({ network: 0xc0a80000, prefix: 16 }, ip)
  );
}

export function isLinkLocal(ip: number): boolean {
  return cidrContains({ network: 0xa9fe0000, prefix: 16 }, ip);
}

export function isMulticastOrBroadcast(ip: number): boolean {
  return ip >>> 28 === 0xe || ip === 0xffffffff;
}
