/**
 * Picks a private test subnet that nothing on this machine uses: no address of any interface
 * and no route (of any table) overlaps it. NETWORK SAFETY: the lab's traffic stays in it.
 */
import { cidrOverlaps, formatCidr, parseCidr, type Cidr } from '../../../shared/discovery/ipv4';
import { run } from './shell';

async function usedRanges(): Promise<Cidr[]> {
  const used: Cidr[] = [];
  const addrs = await run('ip', ['-4', '-o', 'addr', 'show']);
  for (const m of addrs.matchAll(/inet (\d+\.\d+\.\d+\.\d+\/\d+)/g)) {
    const c = parseCidr(m[1] as string);
    if (c) used.push(c);
  }
  const routes = await run('ip', ['-4', 'route', 'show', 'table', 'all']);
  for (const line of routes.split('\n')) {
    const first = line.trim().split(/\s+/)[0] ?? '';
    const target = first === 'local' || first === 'broadcast' || first === 'unicast' ? (line.trim().split(/\s+/)[1] ?? '') : first;
    if (target === 'default' || target === '') continue;
    const c = parseCidr(target.includes('/') ? target : `${target}/32`);
    if (c && c.prefix > 0) used.push(c);
  }
  return used;
}

/** The first candidate of this size in 10.231.0.0/16 .. 10.239.0.0/16 that is free. */
export async function pickFreeSubnet(prefix: number): Promise<Cidr> {
  const used = await usedRanges();
  for (let second = 231; second <= 239; second++) {
    for (let third = 0; third < 256; third += 2 ** Math.max(0, 24 - prefix)) {
      const c = parseCidr(`10.${second}.${third}.0/${prefix}`) as Cidr;
      if (!used.some((u) => cidrOverlaps(u, c))) return c;
    }
  }
  throw new Error(`no free /${prefix} test subnet in 10.231-239.0.0/16`);
}

export { formatCidr };
