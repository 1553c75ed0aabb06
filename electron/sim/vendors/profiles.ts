/**
 * Firmware profiles: how a virtual phone plays each vendor. Each asks for its vendor's own file
 * names with its vendor's User-Agent, in the order that vendor's firmware does (including the
 * names real firmware tries and the server does not serve), and hands what it got to the
 * vendor plugin's parseBack. The Asterisk lab uses `profileFor` to register phones of each vendor.
 */
import { parseCfg } from '../../../shared/config/cfgSyntax';
import type { ParsedConfig } from '../../../shared/dialects/types';
import { BUTTON_TYPES_NEEDING_VALUE } from '../../../shared/domain/button';
import type { Mac } from '../../../shared/mac';
import type { VendorId, VendorPlugin } from '../../../shared/vendors/common/plugin';
import { vendorById, VENDORS } from '../../../shared/vendors/registry';
import { elements, parseXml } from '../../../shared/xml/xml';

export const SIM_VENDORS = ['yealink', 'poly', 'grandstream', 'snom', 'fanvil'] as const satisfies readonly VendorId[];
export type SimVendorChoice = VendorId | 'mixed';

/** Fetches a file under the provisioning URL (a name, or an absolute URL a file pointed to); undefined on 404 when optional. */
export type FetchFile = (name: string, optional?: boolean) => Promise<string | undefined>;

export interface FirmwareIdentity {
  mac: Mac;
  model: string;
  firmware: string;
}

export interface FirmwareProfile {
  plugin: VendorPlugin;
  userAgent(id: FirmwareIdentity): string;
  /** Fetches the vendor's files as its firmware would; returns name -> text of what it received. */
  fetchFiles(fetch: FetchFile, id: FirmwareIdentity): Promise<Map<string, string>>;
}

async function must(fetch: FetchFile, name: string, files: Map<string, string>): Promise<string> {
  const text = (await fetch(name)) as string;
  files.set(name, text);
  return text;
}

function lastSegment(url: string): string {
  return (
    url
      .replace(/[?#].*$/, '')
      .split('/')
      .pop() ?? url
  );
}

const WALKS: Record<VendorId, FirmwareProfile['fetchFiles']> = {
  // Boot file, then every `include:config` it names.
  async yealink(fetch, id) {
    const files = new Map<string, string>();
    const boot = await must(fetch, `${id.mac}.boot`, files);
    for (const name of parseCfg(boot).includes) await must(fetch, name, files);
    return files;
  },
  // Master config, its CONFIG_FILES with the MAC filled in, then the phone's overrides (not served) and directory.
  async poly(fetch, id) {
    const files = new Map<string, string>();
    const master = parseXml(await must(fetch, '000000000000.cfg', files));
    const names = (master.attrs['CONFIG_FILES'] ?? '')
      .split(',')
      .map((s) => s.trim().replace('[PHONE_MAC_ADDRESS]', id.mac))
      .filter((s) => s !== '');
    for (const name of names) await must(fetch, name, files);
    await fetch(`${id.mac}-phone.cfg`, true);
    const directory = await fetch(`${id.mac}-directory.xml`, true);
    if (directory !== undefined) files.set(`${id.mac}-directory.xml`, directory);
    return files;
  },
  // cfg<mac> (old binary name, not served), then cfg<mac>.xml.
  async grandstream(fetch, id) {
    const files = new Map<string, string>();
    await fetch(`cfg${id.mac}`, true);
    await must(fetch, `cfg${id.mac}.xml`, files);
    return files;
  },
  // snom<model>.htm lists the setting files; each is fetched by its URL.
  async snom(fetch, id) {
    const files = new Map<string, string>();
    const list = parseXml(await must(fetch, `snom${id.model.replace(/[^A-Za-z0-9]/g, '')}.htm`, files));
    for (const f of elements(list, 'file')) {
      const url = f.attrs['url'] ?? '';
      files.set(lastSegment(url), (await fetch(url)) as string);
    }
    return files;
  },
  async fanvil(fetch, id) {
    const files = new Map<string, string>();
    await must(fetch, `${id.mac}.cfg`, files);
    return files;
  },
};

export function profileFor(id: VendorId): FirmwareProfile {
  const plugin = vendorById(id);
  return {
    plugin,
    userAgent: (who) =>
      plugin.firmware.userAgent(who.mac, who.model || plugin.firmware.defaultModel, who.firmware || plugin.firmware.defaultFirmware),
    fetchFiles: WALKS[id],
  };
}

/** For `mixed`: the vendors in turn. */
export function vendorForIndex(choice: SimVendorChoice, index: number): VendorId {
  return choice === 'mixed' ? (SIM_VENDORS[index % SIM_VENDORS.length] as VendorId) : choice;
}

export function isSimVendor(value: string): value is SimVendorChoice {
  return value === 'mixed' || VENDORS.some((v) => v.id === value);
}

/**
 * What a phone would stumble on in the files it parsed, without knowing its assignment: an
 * unreadable file, a key name or code its vendor does not have, no account, an account with a
 * blank field, a key that needs a number and has none, a line key for a line with no account.
 */
export function checkFirmwareView(parsed: ParsedConfig, hotdesk = false): string[] {
  const problems = [...parsed.problems];
  if (!hotdesk && parsed.accounts.length === 0) problems.push('no SIP account in the files');
  for (const a of parsed.accounts) {
    for (const field of ['userName', 'authName', 'password', 'server'] as const)
      if (a[field] === '') problems.push(`line ${a.line}: ${field} is empty`);
    if (a.transport === 'unknown') problems.push(`line ${a.line}: transport not understood`);
  }
  const lines = new Set(parsed.accounts.map((a) => a.line));
  for (const b of parsed.buttons) {
    if (BUTTON_TYPES_NEEDING_VALUE.has(b.type) && b.value === '') problems.push(`key ${b.key} (${b.type}) has no number`);
    if (b.type === 'line' && !hotdesk && !lines.has(b.line))
      problems.push(`key ${b.key} is a line key for line ${b.line}, which has no account`);
  }
  return problems;
}

/** The profile a phone plays: its record's maker under `mixed`, else the vendors in turn. */
export function simVendorOf(choice: SimVendorChoice, phone: { vendor: string }, index: number): VendorId {
  if (choice !== 'mixed') return choice;
  return VENDORS.find((v) => v.recognition.names.includes(phone.vendor.trim().toLowerCase()))?.id ?? vendorForIndex('mixed', index);
}

/** How an enrolled phone of this vendor looks: the maker's first MAC prefix, its default model and firmware. */
export function enrollLook(id: VendorId): { vendor: string; model: string; firmware: string; macPrefix: string } {
  const plugin = vendorById(id);
  return {
    vendor: plugin.name,
    model: plugin.firmware.defaultModel,
    firmware: plugin.firmware.defaultFirmware,
    macPrefix: (plugin.recognition.oui[0] as string).toLowerCase(),
  };
}
