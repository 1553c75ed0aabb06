/**
 * Which firmware a phone should run: the target for its vendor and model (the one for its site
 * first, then the one for every site), and where it stands against it.
 */
import { compareVersions, isVersion } from './version';
import type { FirmwareEntry, FirmwareTarget } from './library';
import { firmwareVendorOf, sameModel } from './vendors';

export interface PhoneFacts {
  vendor: string;
  model: string;
  site: string;
  firmware: string;
}

export function targetFor(targets: readonly FirmwareTarget[], phone: Omit<PhoneFacts, 'firmware'>): FirmwareTarget | undefined {
  const vendor = firmwareVendorOf(phone.vendor);
  if (!vendor) return undefined;
  const mine = targets.filter((t) => t.vendor === vendor && sameModel(t.model, phone.model));
  const site = phone.site.trim().toLowerCase();
  return (site !== '' ? mine.find((t) => (t.site ?? '').toLowerCase() === site) : undefined) ?? mine.find((t) => !t.site);
}

/** `none`: no target; `unknown`: the phone's version is not known yet; `below`, `current`, `above`. */
export type FirmwareStanding = 'none' | 'unknown' | 'below' | 'current' | 'above';

export interface Resolved {
  standing: FirmwareStanding;
  target?: FirmwareEntry;
}

export function resolveFirmware(
  targets: readonly FirmwareTarget[],
  library: ReadonlyMap<string, FirmwareEntry> | readonly FirmwareEntry[],
  phone: PhoneFacts,
): Resolved {
  const target = targetFor(targets, phone);
  const entry = target
    ? Array.isArray(library)
      ? (library as readonly FirmwareEntry[]).find((e) => e.id === target.firmwareId)
      : (library as ReadonlyMap<string, FirmwareEntry>).get(target.firmwareId)
    : undefined;
  if (!entry) return { standing: 'none' };
  if (!isVersion(phone.firmware) || !isVersion(entry.version)) return { standing: 'unknown', target: entry };
  const c = compareVersions(phone.firmware, entry.version);
  return { standing: c < 0 ? 'below' : c === 0 ? 'current' : 'above', target: entry };
}

/** Whether the phone should be sent the target: below it, or of unknown version. */
export function needsUpgrade(resolved: Resolved): boolean {
  return resolved.standing === 'below' || resolved.standing === 'unknown';
}
