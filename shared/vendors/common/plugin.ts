/**
 * A vendor plugin, in the style of wazo-provd's plugins: one folder per maker under
 * shared/vendors/, holding how its phones are recognised, the file names they ask for, how the
 * vendor-neutral assignment renders into those files, which files hold secrets, how to ask a
 * phone to re-sync, and which key functions it can do. The provisioning server only sees the
 * Dialect half; discovery, the UI, tests and the virtual phone use the rest.
 */
import type { ButtonType } from '../../domain/button';
import type { Dialect, ButtonProblem, ParsedConfig } from '../../dialects/types';
import type { ProvisioningInput } from '../../config/provisioningInput';
import type { Mac } from '../../mac';

export const VENDOR_IDS = ['yealink', 'poly', 'grandstream', 'snom', 'fanvil'] as const;
export type VendorId = (typeof VENDOR_IDS)[number];

export interface Recognition {
  /** MAC prefixes (first three octets, 6 uppercase hex digits) of the maker's phones. */
  oui: readonly string[];
  /** User-Agent patterns of its provisioning requests (FORMATS.md section 1). */
  userAgents: readonly RegExp[];
  /** `vendor="…"` values of its SIP plug-and-play SUBSCRIBEs, lowercase. */
  pnpVendors: readonly string[];
  /** Spellings of the maker's name in phone records and inventories, lowercase. */
  names: readonly string[];
}

/** What the virtual phone needs to play a phone of this vendor. */
export interface FirmwareProfile {
  /** A User-Agent as the vendor's firmware sends it. */
  userAgent(mac: Mac, model: string, firmware: string): string;
  defaultModel: string;
  defaultFirmware: string;
  /** The vendor's PnP `vendor=` string. */
  pnpVendor: string;
}

export interface VendorPlugin extends Dialect {
  id: VendorId;
  /** The maker's name as the catalog and the UI spell it. */
  name: string;
  recognition: Recognition;
  /** Key functions the vendor's files can express, with the vendor's code for each. */
  buttonCodes: Readonly<Partial<Record<ButtonType, string | number>>>;
  /** Most SIP accounts one phone of this vendor takes in this app's files. */
  maxLines: number;
  /** Whether each key carries its own label in the files (Poly's line keys do not). */
  labelsPerKey: boolean;
  firmware: FirmwareProfile;
  /** Every file the server renders for this phone, boot file first (for tests and previews). */
  servedFiles(mac: Mac, model: string): string[];
  /**
   * The SIP NOTIFY `Event:` that makes its phones re-fetch their files without a reboot (what
   * "Re-provision" sends), and, where the vendor has one, the event that makes them reboot and
   * re-fetch ("Re-provision and reboot"). shared/pbx/notify.ts reads these and nothing else.
   */
  resyncEvent: string;
  resyncRebootEvent?: string;
  unsupportedButtons(input: ProvisioningInput): ButtonProblem[];
  parseBack(files: ReadonlyMap<string, string>, mac: Mac, model?: string): ParsedConfig;
  isProbe(name: string, mac: Mac): boolean;
}
