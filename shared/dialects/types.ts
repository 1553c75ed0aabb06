/**
 * A dialect is one family of files a phone may ask the provisioning server for: the seeds'
 * default (BootFile, ACC.cfg, BTN.cfg) or a vendor's own names and formats. Each knows the names
 * it answers and how to render them from a vendor-neutral ProvisioningInput.
 */
import type { FileRole } from '../flow/steps';
import type { Mac } from '../mac';
import type { ProvisioningInput } from '../config/provisioningInput';

export interface ServedFile {
  /** The name as the phone asked for it. */
  name: string;
  /** `boot` files are steps 3 and 4 of the flow; the rest are steps 5 and 6. */
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
}
