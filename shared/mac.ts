/**
 * MAC addresses. Phones, ARP tables and vendor file names spell them many ways; the store keeps
 * one canonical form: 12 lowercase hex digits, no separators (`805ec0112233`), which is also how
 * vendors name per-phone files.
 */

declare const macBrand: unique symbol;
/** A MAC in canonical form: 12 lowercase hex digits. Only `parseMac` makes one. */
export type Mac = string & { readonly [macBrand]: true };

const SPELLINGS: readonly RegExp[] = [
  /^([0-9a-f]{2})([:-])([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i,
  /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/i,
  /^([0-9a-f]{12})$/i,
];

/** Accepts `80:5E:C0:11:22:33`, `80-5e-c0-11-22-33`, `805ec0112233`, `805e.c011.2233`. */
export function parseMac(input: string): Mac | null {
  const text = input.trim();
  for (const pattern of SPELLINGS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const hex = m
      .slice(1)
      .filter((part) => part !== ':' && part !== '-')
      .join('')
      .toLowerCase();
    return hex.length === 12 ? (hex as Mac) : null;
  }
  return null;
}

/** Like parseMac, but also accepts one-digit octets as macOS `arp -a` prints them (`0:4:f2:1:2:3`). */
export function parseLooseMac(input: string): Mac | null {
  const parts = input.trim().split(/[:-]/);
  if (parts.length === 6 && parts.every((p) => /^[0-9a-f]{1,2}$/i.test(p))) {
    return parseMac(parts.map((p) => p.padStart(2, '0')).join(':'));
  }
  return parseMac(input);
}

/** `80:5E:C0:11:22:33`: how the UI and exports show a MAC. */
export function formatMac(mac: Mac, separator = ':'): string {
  return (mac.match(/../g) ?? []).join(separator).toUpperCase();
}

/** The first three octets (the IEEE OUI), as `805EC0`. */
export function macPrefix(mac: Mac): string {
  return mac.slice(0, 6).toUpperCase();
}
