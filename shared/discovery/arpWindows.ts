/**
 * Windows `arp -a`. The headers are translated on non-English systems (and often garbled by the
 * console's code page), so nothing here reads a header word: an interface line is whatever holds
 * `<IPv4> --- 0x<index>` (or, in older and reprinted output, a line that is just `<label>: <IPv4>`),
 * a row is `<IPv4> <xx-xx-xx-xx-xx-xx> <type>`.
 *
 *   Interface: 192.168.1.54 --- 0xb            Schnittstelle: 192.168.178.20 --- 0x11
 *     Internet Address      Physical Address      Type
 *     192.168.1.1           50-67-f0-8c-7a-3f     dynamic
 */
import { parseMac } from '../mac';
import type { ArpEntry } from './arpEntry';
import { isIpv4 } from './ipv4';

const IFACE = /(\d+\.\d+\.\d+\.\d+)\s+-{3}\s+0x[0-9a-f]+/i;
/** Older or reprinted output drops the `--- 0x<index>`: a label at the start of the line, a colon, the address, nothing else. */
const IFACE_BARE = /^\S[^:]*:\s*(\d+\.\d+\.\d+\.\d+)\s*$/;
const ROW = /^\s*(\d+\.\d+\.\d+\.\d+)\s+([0-9a-f]{2}(?:[-:][0-9a-f]{2}){5})\s+(\S.*?)\s*$/i;

/**
 * The "static" type word in the languages Windows ships (English, German, French, Spanish,
 * Italian, Portuguese, Dutch, Polish, Swedish, Russian, Japanese...), as far as the console shows them.
 * Anything else (dynamic, dynamisch, dynamique, din\u00e1mico...) is taken as learnt from the wire.
 */
const STATIC_WORDS =
  /^(static|statisch|statique|est.{1,2}tico|statico|statyczny|statisk|staattinen|\u0441\u0442\u0430\u0442\u0438\u0447\u0435\u0441\u043a\u0438\u0439|\u9759\u7684|\u9759\u6001|\u975c\u614b|\uc815\uc801)$/i;

export function parseWindowsArp(text: string): ArpEntry[] {
  const out: ArpEntry[] = [];
  let iface = '';
  for (const line of text.split(/\r?\n/)) {
    const i = IFACE.exec(line) ?? IFACE_BARE.exec(line);
    if (i) {
      iface = i[1] as string;
      continue;
    }
    const m = ROW.exec(line);
    if (!m) continue;
    const [, ip, hw, type] = m as unknown as [string, string, string, string];
    if (!isIpv4(ip)) continue;
    const mac = parseMac(hw);
    out.push({ ip, mac: mac === '000000000000' ? null : mac, iface, static: STATIC_WORDS.test(type) });
  }
  return out;
}
