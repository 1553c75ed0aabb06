/**
 * What a found device most likely is, for the Discover row's vendor and model pickers: what the
 * device said about itself first, then its User-Agent (shared/discovery/userAgent.ts), then its
 * MAC prefix (the IEEE table in shared/vendors/ouiTable.ts, makers that sell only phones). The
 * names are the catalog's (shared/catalog/models.ts) when it knows them. Pure.
 */
import { findModel, MODELS } from '../catalog/models';
import { parseMac } from '../mac';
import { parseUserAgent } from './userAgent';
import { vendorOfMac } from './vendor';

export type GuessSource = 'device' | 'user-agent' | 'mac-prefix' | '';

export interface DeviceGuess {
  vendor: string;
  model: string;
  vendorFrom: GuessSource;
  modelFrom: GuessSource;
}

/** The catalog's vendors, in the catalog's spelling. */
export const CATALOG_VENDORS: readonly string[] = [...new Set(MODELS.map((m) => m.vendor).filter(Boolean))];

function catalogVendor(name: string): string {
  const n = name.trim().toLowerCase();
  if (n === 'polycom') return 'Poly';
  return CATALOG_VENDORS.find((v) => v.toLowerCase() === n) ?? name.trim();
}

function catalogModel(vendor: string, model: string): string {
  return findModel(vendor, model)?.model ?? model.trim();
}

export function guessDevice(d: { mac: string; vendor?: string; model?: string; userAgent?: string }): DeviceGuess {
  const ua = d.userAgent ? parseUserAgent(d.userAgent) : null;
  const mac = parseMac(d.mac);
  const byMac = mac ? vendorOfMac(mac) : null;
  let vendor = '';
  let vendorFrom: GuessSource = '';
  if (d.vendor?.trim()) [vendor, vendorFrom] = [catalogVendor(d.vendor), 'device'];
  else if (ua?.vendor) [vendor, vendorFrom] = [catalogVendor(ua.vendor), 'user-agent'];
  else if (byMac && byMac.phones === 'yes') [vendor, vendorFrom] = [catalogVendor(byMac.name), 'mac-prefix'];
  let model = '';
  let modelFrom: GuessSource = '';
  if (d.model?.trim()) [model, modelFrom] = [catalogModel(vendor, d.model), 'device'];
  else if (ua?.model) [model, modelFrom] = [catalogModel(vendor, ua.model), 'user-agent'];
  return { vendor, model, vendorFrom, modelFrom };
}
