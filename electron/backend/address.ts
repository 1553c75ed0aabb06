/** The one address normaliser: an IPv4-mapped IPv6 address (`::ffff:10.0.0.5`) as plain IPv4. */
export function plainAddress(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
