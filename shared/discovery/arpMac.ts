/**
 * macOS (and BSD) `arp -a` / `arp -an`:
 * `? (192.168.1.20) at 0:4:f2:1:2:3 on en0 ifscope [ethernet]`; unresolved rows say
 * `(incomplete)`, static ones `permanent`. macOS drops leading zeros in each octet.
 */
import { parseLooseMac } from '../mac';
import type { ArpEntry } from './arpEntry';
import { isIpv4 } from './ipv4';

const ROW = /^\S+\s+\((\d+\.\d+\.\d+\.\d+)\)\s+at\s+(\S+)(?:\s+on\s+(\S+))?(.*)$/;

export function parseMacArp(text: string): ArpEntry[] {
  const out: ArpEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = ROW.exec(line.trim());
    if (!m) continue;
    const [, ip, hw, iface, rest] = m as unknown as [string, string, string, string | undefined, string];
    if (!isIpv4(ip)) continue;
    const mac = hw === '(incomplete)' ? null : parseLooseMac(hw);
    out.push({ ip, mac, iface: iface ?? '', static: /\bpermanent\b/.test(rest) });
  }
  return out;
}
