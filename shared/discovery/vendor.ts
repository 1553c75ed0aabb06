/** Which maker a MAC belongs to, from the generated table of deskphone makers' prefixes. */
import type { Mac } from '../mac';
import { OUI_VENDORS, type PhoneMaker } from '../vendors/ouiTable';

export interface MacVendor {
  name: string;
  phones: PhoneMaker;
}

let index: Map<string, MacVendor> | undefined;

function table(): Map<string, MacVendor> {
  if (!index) {
    index = new Map();
    for (const v of OUI_VENDORS) for (const p of v.prefixes) index.set(p, { name: v.name, phones: v.phones });
  }
  return index;
}

/** The maker of a MAC (longest registered prefix first: 36, 28, then 24 bits), or null. */
export function vendorOfMac(mac: Mac): MacVendor | null {
  const hex = mac.toUpperCase();
  const t = table();
  return t.get(hex.slice(0, 9)) ?? t.get(hex.slice(0, 7)) ?? t.get(hex.slice(0, 6)) ?? null;
}

/** Locally administered MACs (second bit of the first octet) are made up, not registered. */
export function isLocallyAdministered(mac: Mac): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 2) !== 0;
}

/**
 * Whether a device is a phone: its maker sells only phones, or it said so itself (a phone's
 * User-Agent over SIP or HTTP). A Cisco or HP prefix alone proves nothing.
 */
export function looksLikePhone(mac: Mac, toldVendor?: string): boolean {
  if (toldVendor) return true;
  return vendorOfMac(mac)?.phones === 'yes';
}
