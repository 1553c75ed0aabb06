/** The inventory of every device seen, merged by MAC from every source. */
import { mergeSighting, type Device, type Sighting } from '../../../shared/domain/inventory';
import type { Context } from '../context';

/** Records a sighting; writes and announces only when something a person would see changed. */
export function recordSighting(ctx: Context, sighting: Sighting, atMs?: number): Readonly<Device> {
  const existing = ctx.store.state.devices.get(sighting.mac);
  if (existing) {
    const same = nothingNew(ctx, existing, sighting, atMs ?? Date.parse(sighting.at));
    if (same) return same;
  }
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
    ctx.store.touchDevice(device);
  }
  return device;
}

/**
 * The same device, from the same source and address, saying nothing it has not said, within a
 * few seconds of last time: the common case of a phone fetching its files. Returns the device as
 * it now stands, or undefined when the sighting says something new. Only lastSeen moves, and only
 * once a second, in memory (store.touchDevice).
 */
function nothingNew(ctx: Context, d: Readonly<Device>, s: Sighting, now: number): Readonly<Device> | undefined {
  const seen = d.sources[s.source];
  // An empty User-Agent or address says nothing new: the merge keeps what was known.
  if (seen === undefined || (s.ip && s.ip !== d.ip) || (s.userAgent && s.userAgent !== d.userAgent)) return undefined;
  for (const key of ['vendor', 'model', 'firmware', 'serial'] as const) {
    const fresh = s[key];
    if (fresh && fresh !== d[key]) return undefined;
  }
  if ((s.calledIn ?? false) && !d.calledIn) return undefined;
  if ((s.isPhone ?? false) && !d.isPhone) return undefined;
  const last = lastSeenMs.get(d) ?? Date.parse(d.lastSeen);
  if (now - last > 10_000) return undefined;
  if (now - last <= 1_000) return d;
  const moved: Device = { ...d, lastSeen: s.at, sources: { ...d.sources, [s.source]: s.at } };
  lastSeenMs.set(moved, now);
  ctx.store.touchDevice(moved);
  return moved;
}

const lastSeenMs = new WeakMap<Readonly<Device>, number>();

export function listDevices(ctx: Context): Readonly<Device>[] {
  return [...ctx.store.state.devices.values()];
}
