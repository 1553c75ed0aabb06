/**
 * The vendor plugins, and how a phone is recognised as one of them: by the name on its record,
 * its User-Agent, its plug-and-play vendor string or its MAC prefix. Adding a vendor is one
 * folder under shared/vendors/ and one line here.
 */
import type { ButtonProblem } from '../dialects/types';
import type { Phone } from '../domain/phone';
import type { Mac } from '../mac';
import type { VendorId, VendorPlugin } from './common/plugin';
import { yealink } from './yealink';
import { poly } from './poly';
import { grandstream } from './grandstream';
import { snom } from './snom';
import { fanvil } from './fanvil';

export const VENDORS: readonly VendorPlugin[] = [yealink, poly, grandstream, snom, fanvil];

export function vendorById(id: VendorId): VendorPlugin {
  const v = VENDORS.find((p) => p.id === id);
  if (!v) throw new Error(`no vendor plugin ${id}`);
  return v;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** The plugin for a maker's name as a phone record or an inventory spells it (`Polycom`, `yealink`). */
export function vendorByName(name: string): VendorPlugin | undefined {
  const n = norm(name);
  if (n === '') return undefined;
  return VENDORS.find((v) => v.id === n || v.recognition.names.includes(n));
}

export function vendorOfUserAgent(userAgent: string): VendorPlugin | undefined {
  const ua = userAgent.slice(0, 512);
  return ua === '' ? undefined : VENDORS.find((v) => v.recognition.userAgents.some((re) => re.test(ua)));
}

export function vendorOfPnp(vendor: string): VendorPlugin | undefined {
  const n = norm(vendor);
  return VENDORS.find((v) => v.recognition.pnpVendors.includes(n));
}

export function vendorOfMacPrefix(mac: Mac): VendorPlugin | undefined {
  const prefix = mac.slice(0, 6).toUpperCase();
  return VENDORS.find((v) => v.recognition.oui.includes(prefix));
}

/** The best guess from whatever is known, strongest evidence first. */
export function recognise(facts: { name?: string; userAgent?: string; pnpVendor?: string; mac?: Mac }): VendorPlugin | undefined {
  return (
    (facts.name ? vendorByName(facts.name) : undefined) ??
    (facts.userAgent ? vendorOfUserAgent(facts.userAgent) : undefined) ??
    (facts.pnpVendor ? vendorOfPnp(facts.pnpVendor) : undefined) ??
    (facts.mac ? vendorOfMacPrefix(facts.mac) : undefined)
  );
}

/**
 * The MAC a vendor file name carries (`805ec0112233.cfg`, `cfg805ec0112233.xml`,
 * `snomD785-000413B60680.htm`, `805ec0112233-user.cfg`), or undefined for common names
 * (`y000000000000.boot`, `000000000000.cfg`, `y000000000066.cfg`): no phone maker has the
 * 00:00:00 prefix.
 */
export function macInFileName(name: string): Mac | undefined {
  const m = /(?:^|[^0-9a-f])([0-9a-f]{12})(?![0-9a-f])/i.exec(name);
  const mac = m?.[1]?.toLowerCase();
  return mac && !mac.startsWith('000000') ? (mac as Mac) : undefined;
}

/**
 * What of a phone's assignment its vendor or model cannot do, for the UI's key picture: the
 * phone as the admin API shows it and the line numbers that have an account (no passwords
 * needed). Empty for a phone of no known maker (the default dialect writes every key).
 */
export function assignmentProblems(
  phone: Pick<Phone, 'mac' | 'vendor' | 'model' | 'userType' | 'buttons'>,
  accountLines: readonly number[],
): ButtonProblem[] {
  const plugin = vendorByName(phone.vendor);
  if (!plugin) return [];
  const placeholder = {
    id: '',
    source: 'manual',
    label: '',
    displayName: '',
    userName: '',
    password: '',
    serverHost: '',
    serverPort: 5060,
    transport: 'udp',
    expires: 3600,
    voicemail: '',
  } as const;
  return plugin.unsupportedButtons({
    phone: phone as Phone,
    lines: phone.userType === 'hotdesk' ? [] : accountLines.map((line) => ({ line, account: { ...placeholder } })),
    provisioningUrl: '',
    callServer: { host: '', port: 5060, transport: 'udp' },
  });
}

/**
 * Why a phone of this maker cannot be a hot-desk phone, or undefined when it can (or its maker is
 * unknown: the default dialect writes Yealink's hot-desk keys). Only Yealink's files here have a
 * hot-desk login (key type 34); the API refuses the others before any file is served.
 */
export function hotdeskRefusal(vendor: string): string | undefined {
  const plugin = vendorByName(vendor);
  if (!plugin || plugin.buttonCodes.hotdesk_login !== undefined) return undefined;
  return `Hot desking is not available on ${plugin.name} phones in this app (their files have no hot-desk login here): make this phone a standard phone with its own account.`;
}
