/** Everything a renderer needs to write one phone's files; built by the server, pure data. */
import type { Account } from '../domain/account';
import type { Phone } from '../domain/phone';
import type { PhoneSettingsInput } from './phoneSettingsInput';

export interface ResolvedLine {
  line: number;
  account: Account;
}

export interface ProvisioningInput {
  phone: Phone;
  /** The phone's lines with their accounts, sorted by line number. Empty for hot-desk phones. */
  lines: ResolvedLine[];
  /** Base URL of the phone's files, with its token, ending in `/`. */
  provisioningUrl: string;
  /** Where a hot-desk phone registers before anyone logs in. */
  callServer: { host: string; port: number; transport: Account['transport'] };
  /** Where vendor files tell the phone to fetch firmware from, when the site sets one. */
  firmwareUrl?: string;
  /** The phone's web/admin password the vendor files set, when the site sets one. */
  adminPassword?: string;
  /** The site's phone settings in force for this phone (dial plan, time, display, user password). */
  settings?: PhoneSettingsInput;
  /** The target firmware of the phone's vendor and model, served by the device listener (shared/firmware). */
  firmware?: FirmwareInput;
}

export interface FirmwareInput {
  /** The file itself: /fw/<sha256 prefix>/<name>. */
  url: string;
  /** Its folder, for vendors that add the file name themselves (Grandstream). */
  folderUrl: string;
  /** Snom's firmware_status document beside it. */
  statusUrl: string;
  fileName: string;
  version: string;
  size: number;
  sha256: string;
}
