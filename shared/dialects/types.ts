/**
 * A dialect is one family of files a phone may ask the provisioning server for: the seeds'
 * default (BootFile, ACC.cfg, BTN.cfg) or a vendor's own names and formats. Each knows the names
 * it answers and how to render them from a vendor-neutral ProvisioningInput.
 */
import type { FileRole } from '../flow/steps';
import type { Mac } from '../mac';
import type { ProvisioningInput } from '../config/provisioningInput';
import type { ButtonType } from '../domain/button';
import type { Transport } from '../domain/account';

export interface ServedFile {
  /** The name as the phone asked for it. */
  name: string;
  /** `boot` files are steps 3 and 4 of the flow (one step-4 event when served); the rest are steps 5 and 6 (one step-6 event). */
  role: FileRole;
  /** What serving it gives the phone; step 6 completes once account and buttons are both served. */
  provides: FileRole[];
  /** Holds SIP passwords or other credentials. */
  secret: boolean;
  contentType: string;
  render(input: ProvisioningInput): string;
}

export interface Dialect {
  id: string;
  /** The file this dialect serves under `name` for the phone with this MAC, if any. */
  fileFor(name: string, mac: Mac): ServedFile | undefined;
  /** The first file a phone of this dialect asks for after the RPS redirect. */
  bootFileName(mac: Mac): string;
  /** What of the phone's assignment this vendor or model cannot do, in words for the technician. */
  unsupportedButtons?(input: ProvisioningInput): ButtonProblem[];
  /** The SIP NOTIFY `Event:` that asks a phone of this dialect to fetch its files again. */
  resyncEvent?: string;
  /** Reads served files back as the phone would (name -> text): the accounts and keys they hold. */
  parseBack?(files: ReadonlyMap<string, string>, mac: Mac, model?: string): ParsedConfig;
  /**
   * Names the firmware asks for that this server deliberately does not serve (logs, overrides,
   * firmware images): their 404 is expected and goes on the timeline as information, not failure.
   */
  isProbe?(name: string, mac: Mac): boolean;
}

/**
 * One thing of the assignment a vendor or model cannot do; `key` 0 is about the phone, not a key
 * (`settings`: a site phone setting, such as a dial-plan rule, the vendor cannot express; `model`:
 * a catalog figure for the phone's model that no vendor reference gives).
 */
export interface ButtonProblem {
  key: number;
  type: ButtonType | 'account' | 'user_type' | 'settings' | 'model';
  /** `error`: left out of the files; `info`: the phone does it another way (a fixed key). */
  severity: 'error' | 'info';
  message: string;
}

export interface ParsedAccount {
  line: number;
  userName: string;
  authName: string;
  password: string;
  displayName: string;
  server: string;
  port: number;
  transport: Transport | 'unknown';
}

export interface ParsedButton {
  key: number;
  type: ButtonType;
  value: string;
  label: string;
  line: number;
}

/** A vendor's files read back into the vendor-neutral shape. */
export interface ParsedConfig {
  accounts: ParsedAccount[];
  buttons: ParsedButton[];
  /** The provisioning URL the files point the phone back at, when they carry one. */
  provisioningUrl?: string;
  /** The site phone settings found in the files, in the vendor's own words (for the parse-back check). */
  settings?: ParsedSettings;
  /** What a phone would stumble on: unreadable files, missing keys. */
  problems: string[];
}

/** Site phone settings as read back from a vendor's files: values as the vendor writes them. */
export interface ParsedSettings {
  /** The dial plan in the vendor's syntax ('' when the files carry none). */
  dialPlan: string;
  /** The emergency numbers the files name. */
  emergencyNumbers: string[];
  /** The time zone in the vendor's form (an offset, a zone name, a POSIX rule). */
  timeZone: string;
  ntpServer: string;
  adminPassword: string;
  userPassword: string;
  language: string;
  dateFormat: string;
  timeFormat: string;
}
