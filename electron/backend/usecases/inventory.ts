/** The inventory of every device seen, merged by MAC from every source. */
import { mergeSighting, type Device, type Sighting } from '../../../shared/domain/inventory';
import type { Context } from '../context';

/** Records a sighting; writes and announces only when something a person would see changed. */
export function recordSighting(ctx: Context, sighting: Sighting, atMs?: number): Device {
  const existing = ctx.store.state.devices.get(sighting.mac);
  if (existing && nothingNew(existing, sighting, atMs ?? Date.parse(sighting.at))) return existing;
  const device = mergeSighting(existing, sighting);
  const changed =
    !existing ||
    existing.ip !== device.ip ||
    existing.model !== device.model ||
    existing.firmware !== device.firmware ||
    existing.vendor !== device.vendor ||
    existing.serial !== device.serial ||
    existing.calledIn !== device.calledIn ||
    existing.sources[sighting.source] === undefined ||
    Date.parse(device.lastSeen) - Date.parse(existing.lastSeen) > 60_000;
  if (changed) {
    ctx.store.record({ op: 'putDevice', device });
    ctx.bus.publish({ type: 'device', device });
  } else {
    (ctx.store.state.devices as Map<string, Device>).set(device.mac, device);
  }
  return device;
}

/**
 * The same device, from the same source and address, saying nothing it has not said, within a
 * few seconds of last time: the common case of a phone fetching its files. Only lastSeen moves,
 * and only once a second.
 */
function nothingNew(d: Device, s: Sighting, now: number): boolean {
  const seen = d.sources[s.source];
  // An empty User-Agent or address says nothing new: the merge keeps what was known.
  if (seen === undefined || (s.ip && s.ip !== d.ip) || (s.userAgent && s.userAgent !== d.userAgent)) return false;
  for (const key of ['vendor', 'model', 'firmware', 'serial'] as const) {
    const fresh = s[key];
    if (fresh && fresh !== d[key]) return false;
  }
  if ((s.calledIn ?? false) && !d.calledIn) return false;
  if ((s.isPhone ?? false) && !d.isPhone) return false;
  const last = lastSeenMs.get(d) ?? Date.parse(d.lastSeen);
  if (now - last > 10_000) return false;
  if (now - last > 1_000) {
    d.lastSeen = s.at;
    d.sources[s.source] = s.at;
    lastSeenMs.set(d, now);
  }
  return true;
}

const lastSeenMs = new WeakMap<Device, number>();

export function listDevices(ctx: Context): Device[] {
  return [...ctx.store.state.devices.values()];
}
