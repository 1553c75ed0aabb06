/**
 * The dialects the provisioning server speaks. A phone is served by its vendor's dialect when one
 * is registered, and by the seeds' default dialect otherwise; a file name neither knows is a 404.
 */
import type { Mac } from '../mac';
import { defaultDialect } from './default';
import type { Dialect, ServedFile } from './types';

const byVendor = new Map<string, Dialect>();

export function registerDialect(vendor: string, dialect: Dialect): void {
  byVendor.set(vendor.toLowerCase(), dialect);
}

export function dialectFor(phone: { vendor: string }): Dialect {
  return byVendor.get(phone.vendor.toLowerCase()) ?? defaultDialect;
}

/** The phone's vendor dialect first, then the default one. */
export function resolveFile(phone: { vendor: string; mac: string }, name: string): ServedFile | undefined {
  const mac = phone.mac as Mac;
  const own = dialectFor(phone);
  return own.fileFor(name, mac) ?? (own === defaultDialect ? undefined : defaultDialect.fileFor(name, mac));
}
