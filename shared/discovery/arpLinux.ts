/**
 * Linux's neighbour table as `/proc/net/arp` prints it:
 * `IP address  HW type  Flags  HW address  Mask  Device`, flags 0x2 = complete, 0x4 = permanent.
 */
import { parseMac } from '../mac';
import type { ArpEntry } from './arpEntry';
import { isIpv4 } from './ipv4';

const ATF_COM = 0x2;
const ATF_PERM = 0x4;

export function parseProcNetArp(text: string): ArpEntry[] {
  const out: ArpEntry[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 6 || !isIpv4(cols[0] as string)) continue;
    const [ip, , flagsText, hw, , device] = cols as [string, string, string, string, string, string];
    const flags = Number.parseInt(flagsText, 16);
    if (Number.isNaN(flags)) continue;
    const mac = flags & ATF_COM ? parseMac(hw) : null;
    out.push({ ip, mac: mac === '000000000000' ? null : mac, iface: device, static: (flags & ATF_PERM) !== 0 });
  }
  return out;
}
