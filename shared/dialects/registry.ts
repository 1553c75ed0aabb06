/**
 * The dialects the provisioning server speaks. A phone is served by its vendor's plugin when its
 * record names a known maker (shared/vendors/), and by the seeds' default dialect otherwise; a
 * phone with no maker on record is also answered in the vendor dialect its request shows (its
 * User-Agent, then its MAC prefix) for names the default dialect does not know. A file name none
 * knows is a 404.
 */
import type { Mac } from '../mac';
import { recognise, vendorByName, VENDORS } from '../vendors/registry';
import { defaultDialect } from './default';
import type { Dialect, ServedFile } from './types';

export function dialectFor(phone: { vendor: string }): Dialect {
  return vendorByName(phone.vendor) ?? defaultDialect;
}

export interface RequestHints {
  userAgent?: string;
}

/** The file named `name` for this phone, and the dialect that answers it. */
export function resolveFileWithDialect(
  phone: { vendor: string; mac: string },
  name: string,
  hints: RequestHints = {},
): { file: ServedFile; dialect: Dialect } | undefined {
  const mac = phone.mac as Mac;
  const own = dialectFor(phone);
  const ownFile = own.fileFor(name, mac);
  if (ownFile) return { file: ownFile, dialect: own };
  const fallback = defaultDialect.fileFor(name, mac);
  if (fallback) return { file: fallback, dialect: defaultDialect };
  if (own !== defaultDialect) return undefined;
  // No maker on record: what the request itself shows.
  const guessed = recognise({ ...(hints.userAgent ? { userAgent: hints.userAgent } : {}), mac });
  const order = guessed ? [guessed, ...VENDORS.filter((v) => v !== guessed)] : VENDORS;
  for (const vendor of order) {
    const file = vendor.fileFor(name, mac);
    if (file) return { file, dialect: vendor };
  }
  return undefined;
}

/** Whether some dialect that could serve this phone knows `name` as a probe it does not answer. */
export function isProbeName(phone: { vendor: string; mac: string }, name: string): boolean {
  const mac = phone.mac as Mac;
  const own = dialectFor(phone);
  if (own !== defaultDialect) return own.isProbe?.(name, mac) ?? false;
  return VENDORS.some((v) => v.isProbe(name, mac));
}
