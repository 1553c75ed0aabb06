/**
 * A socket's remote address as people and the neighbour table write it: on a dual-stack socket
 * Node reports an IPv4 peer as `::ffff:10.0.0.5` (IPv4-mapped IPv6); this is `10.0.0.5`.
 * Anything else is returned unchanged.
 */
export function plainAddress(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
}
