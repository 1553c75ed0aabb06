/**
 * What the floor servers of the registration bench serve: every phone's token, BootFile name and
 * files as the app rendered them, read from the JSON file the bench writes (registration.ts).
 */
import { readFileSync } from 'node:fs';

export interface FloorPhone {
  token: string;
  bootFile: string;
  files: Record<string, string>;
}

export interface FloorPhones {
  byMac: Map<string, FloorPhone>;
  byToken: Map<string, FloorPhone>;
}

/** A MAC as the floors key it: 12 lower-case hex digits, whatever the separators. */
export function macKey(mac: unknown): string {
  return String(mac ?? '')
    .replace(/[^0-9a-f]/gi, '')
    .toLowerCase();
}

export function loadFloorPhones(path: string): FloorPhones {
  const phones = JSON.parse(readFileSync(path, 'utf8')) as Record<string, FloorPhone>;
  const byMac = new Map(Object.entries(phones).map(([mac, p]) => [macKey(mac), p]));
  return { byMac, byToken: new Map([...byMac.values()].map((p) => [p.token, p])) };
}

/** The RPS answer a floor gives a known phone. */
export function floorRedirect(base: string, phone: FloorPhone): string {
  return JSON.stringify({ status: 'redirect', provisioningUrl: `${base}/p/${phone.token}/`, bootFile: phone.bootFile });
}
