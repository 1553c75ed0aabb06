/**
 * The machine's network interfaces as the technician picks from them: name, IPv4 address,
 * subnet, and a hint which one looks like the phones' LAN. The hint is only a hint: the app
 * never picks an interface, and never sweeps one, on its own.
 */
import { z } from 'zod';
import { cidrOf, formatCidr, hostCount, ipToInt, isLinkLocal, isPrivate, netmaskToPrefix, parseCidr, cidrWithin, type Cidr } from './ipv4';

/** One IPv4 address of an interface, as the OS reports it (Node's os.networkInterfaces() shape). */
export interface RawAddress {
  name: string;
  address: string;
  netmask: string;
  mac: string;
  internal: boolean;
  family: string | number;
}

export const lanInterfaceSchema = z.object({
  name: z.string(),
  address: z.string(),
  /** The interface's subnet, `10.231.0.0/24`. */
  cidr: z.string(),
  hosts: z.number().int(),
  mac: z.string(),
  kind: z.enum(['wired', 'wireless', 'virtual', 'loopback', 'unknown']),
  /** Phone makers' MACs already in the neighbour table on this subnet. */
  phonesSeen: z.number().int(),
  suggested: z.boolean(),
  /** Why it is (or is not) suggested, for the technician. */
  note: z.string(),
});
export type LanInterface = z.infer<typeof lanInterfaceSchema>;

/** Bigger subnets must be narrowed with a CIDR before a sweep (4094 hosts, a /20, at most). */
export const MAX_SWEEP_HOSTS = 4094;

const VIRTUAL =
  /^(docker|br-|veth|virbr|vmnet|vboxnet|vEthernet|tun|tap|utun|wg|zt|tailscale|lxc|lxd|cni|flannel|kube|awdl|llw|anpi|bridge|ham|npcap)/i;
const WIRELESS = /^(wl|wlan|wlp|wifi|wi-fi|ath|ra\d)|wireless|wi-?fi|wlan/i;
const WIRED = /^(eth|en|em|eno|ens|enp|enx|ethernet|lan|local area connection)/i;

export function interfaceKind(name: string, internal: boolean): LanInterface['kind'] {
  if (internal || /^lo\d*$/i.test(name) || /loopback/i.test(name)) return 'loopback';
  if (VIRTUAL.test(name)) return 'virtual';
  if (WIRELESS.test(name)) return 'wireless';
  if (WIRED.test(name)) return 'wired';
  return 'unknown';
}

function score(i: Omit<LanInterface, 'suggested' | 'note'>, ip: number): number {
  let s = 0;
  if (i.phonesSeen > 0) s += 100 + i.phonesSeen;
  if (i.kind === 'wired') s += 20;
  if (i.kind === 'unknown') s += 10;
  if (i.kind === 'wireless') s += 5;
  if (isPrivate(ip)) s += 10;
  if (i.kind === 'virtual') s -= 50;
  return s;
}

/**
 * The interfaces worth showing (IPv4, not loopback, not link-local), best guess first.
 * `phoneIpsSeen` are addresses whose MAC belongs to a phone maker (from the ARP table).
 */
export function describeInterfaces(raw: readonly RawAddress[], phoneIpsSeen: readonly string[] = []): LanInterface[] {
  const phoneInts = phoneIpsSeen.map(ipToInt).filter((n): n is number => n !== null);
  const rows: { row: Omit<LanInterface, 'suggested' | 'note'>; score: number }[] = [];
  for (const a of raw) {
    if (a.family !== 'IPv4' && a.family !== 4) continue;
    const ip = ipToInt(a.address);
    const prefix = netmaskToPrefix(a.netmask);
    if (ip === null || prefix === null || isLinkLocal(ip)) continue;
    const kind = interfaceKind(a.name, a.internal);
    if (kind === 'loopback') continue;
    const cidr = cidrOf(a.address, prefix) as Cidr;
    const row = {
      name: a.name,
      address: a.address,
      cidr: formatCidr(cidr),
      hosts: hostCount(cidr),
      mac: a.mac,
      kind,
      phonesSeen: phoneInts.filter((n) => cidrWithin({ network: n, prefix: 32 }, cidr)).length,
    };
    rows.push({ row, score: score(row, ip) });
  }
  rows.sort((x, y) => y.score - x.score);
  const best = rows[0];
  return rows.map(({ row, score: s }) => {
    const suggested = best !== undefined && row === best.row && s > 0;
    const reasons: string[] = [];
    if (row.phonesSeen > 0) reasons.push(`${row.phonesSeen} phone(s) already seen on it`);
    if (row.kind === 'wired') reasons.push('wired');
    if (row.kind === 'wireless') reasons.push('Wi-Fi: phones are rarely on it');
    if (row.kind === 'virtual') reasons.push('looks like a VPN, container or virtual-machine adapter');
    if (row.hosts > MAX_SWEEP_HOSTS) reasons.push(`large subnet (${row.hosts} hosts): narrow the range before a sweep`);
    const note = (suggested ? 'Looks like the phones\u2019 LAN: ' : '') + (reasons.join('; ') || 'no hint either way');
    return { ...row, suggested, note };
  });
}

export type SweepRange = { ok: true; cidr: Cidr } | { ok: false; message: string; hint: string };

/**
 * What a sweep on this interface may probe: its own subnet, or a narrower CIDR inside it. Anything
 * outside the interface's subnet, or bigger than MAX_SWEEP_HOSTS, is refused.
 */
export function sweepRange(iface: Pick<LanInterface, 'name' | 'cidr'>, narrow?: string): SweepRange {
  const subnet = parseCidr(iface.cidr);
  if (!subnet) return { ok: false, message: `Interface ${iface.name} has no usable IPv4 subnet`, hint: 'Pick another interface.' };
  let range = subnet;
  if (narrow !== undefined && narrow.trim() !== '') {
    const c = parseCidr(narrow);
    if (!c) return { ok: false, message: `"${narrow.slice(0, 40)}" is not a CIDR range`, hint: 'Write it like 192.168.1.0/24.' };
    if (!cidrWithin(c, subnet)) {
      return {
        ok: false,
        message: `${formatCidr(c)} is not inside ${iface.name}'s subnet ${iface.cidr}`,
        hint: `Give a range inside ${iface.cidr}, or pick the interface that holds it.`,
      };
    }
    range = c;
  }
  if (hostCount(range) > MAX_SWEEP_HOSTS) {
    return {
      ok: false,
      message: `${formatCidr(range)} has ${hostCount(range)} addresses, too many for one sweep`,
      hint: 'Narrow it to a /20 or smaller, e.g. the phones\u2019 VLAN.',
    };
  }
  return { ok: true, cidr: range };
}
