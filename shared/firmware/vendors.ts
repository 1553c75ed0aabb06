/** The vendors the firmware library knows, and their names as phones and people spell them. */
export const FIRMWARE_VENDORS = ['yealink', 'poly', 'grandstream', 'snom', 'fanvil'] as const;
export type FirmwareVendor = (typeof FIRMWARE_VENDORS)[number];

const ALIASES: Record<string, FirmwareVendor> = { polycom: 'poly', hp: 'poly', snomtechnology: 'snom' };

/** `Yealink`, `Polycom`, `snom` -> the vendor id; undefined for a maker the library does not know. */
export function firmwareVendorOf(name: string): FirmwareVendor | undefined {
  const n = name.toLowerCase().replace(/[^a-z]/g, '');
  if ((FIRMWARE_VENDORS as readonly string[]).includes(n)) return n as FirmwareVendor;
  return ALIASES[n];
}

/** Model names compare without case, spaces, dashes and the prefixes firmware adds (`SIP-T46U`, `VVX_410`, `snomD785`). */
export function normModel(model: string): string {
  return model
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/^sip(?=[a-z]*\d)/, '')
    .replace(/^snom(?=[a-z]*\d)/, '');
}

export function sameModel(a: string, b: string): boolean {
  const x = normModel(a);
  return x !== '' && x === normModel(b);
}
