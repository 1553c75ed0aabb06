/** One row of the operating system's neighbour (ARP) table, whichever system printed it. */
import type { Mac } from '../mac';
import { ipToInt, isMulticastOrBroadcast } from './ipv4';

export interface ArpEntry {
  ip: string;
  /** Null while the entry is unresolved (`incomplete`, `00:00:00:00:00:00`). */
  mac: Mac | null;
  /** Linux and macOS: the device name (`eth0`, `en0`); Windows: the interface's own IPv4 address. */
  iface: string;
  /** Entered by hand or by the system (broadcast, multicast), not learnt from the wire. */
  static: boolean;
}

/** A resolved neighbour worth showing: unicast MAC, unicast IP. */
export interface Neighbour {
  ip: string;
  mac: Mac;
  iface: string;
}

function isUnicastMac(mac: Mac): boolean {
  // Group bit set (multicast or broadcast), or all zeros.
  return (parseInt(mac.slice(0, 2), 16) & 1) === 0 && mac !== '000000000000';
}

export function neighbours(entries: readonly ArpEntry[]): Neighbour[] {
  const out: Neighbour[] = [];
  for (const e of entries) {
    const ip = ipToInt(e.ip);
    if (e.mac === null || ip === null || isMulticastOrBroadcast(ip) || !isUnicastMac(e.mac)) continue;
    out.push({ ip: e.ip, mac: e.mac, iface: e.iface });
  }
  return out;
}
