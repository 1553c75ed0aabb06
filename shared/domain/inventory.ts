/**
 * Every device the app has seen, from any source, merged by MAC: the ARP table, a sweep, SIP
 * plug-and-play, a SIP OPTIONS or HTTP probe, or the device calling the RPS or the provisioning
 * server on its own. Phones the technician has not added yet show up here for assignment.
 */
import { z } from 'zod';

export const SIGHTING_SOURCES = ['arp', 'sweep', 'sip_options', 'http', 'pnp', 'rps', 'provisioning'] as const;
export type SightingSource = (typeof SIGHTING_SOURCES)[number];

export const deviceSchema = z.object({
  mac: z.string().regex(/^[0-9a-f]{12}$/),
  ip: z.string().default(''),
  vendor: z.string().default(''),
  model: z.string().default(''),
  firmware: z.string().default(''),
  serial: z.string().default(''),
  userAgent: z.string().default(''),
  /** False for printers, switches and laptops found on the way: shown, not hidden. */
  isPhone: z.boolean().default(false),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** When each source last saw it. */
  sources: z.partialRecord(z.enum(SIGHTING_SOURCES), z.string()).default({}),
  /** The device asked the RPS or the provisioning server before it was added. */
  calledIn: z.boolean().default(false),
});
export type Device = z.infer<typeof deviceSchema>;

export interface Sighting {
  mac: string;
  source: SightingSource;
  at: string;
  ip?: string;
  vendor?: string;
  model?: string;
  firmware?: string;
  serial?: string;
  userAgent?: string;
  isPhone?: boolean;
  calledIn?: boolean;
}

/** Folds a sighting into the inventory record for its MAC; newer non-empty facts win. */
export function mergeSighting(existing: Device | undefined, s: Sighting): Device {
  const pick = (fresh: string | undefined, old: string | undefined) => (fresh && fresh.length > 0 ? fresh : (old ?? ''));
  return {
    mac: s.mac,
    ip: pick(s.ip, existing?.ip),
    vendor: pick(s.vendor, existing?.vendor),
    model: pick(s.model, existing?.model),
    firmware: pick(s.firmware, existing?.firmware),
    serial: pick(s.serial, existing?.serial),
    userAgent: pick(s.userAgent, existing?.userAgent),
    isPhone: (existing?.isPhone ?? false) || (s.isPhone ?? false),
    firstSeen: existing?.firstSeen ?? s.at,
    lastSeen: s.at,
    sources: { ...(existing?.sources ?? {}), [s.source]: s.at },
    calledIn: (existing?.calledIn ?? false) || (s.calledIn ?? false),
  };
}
