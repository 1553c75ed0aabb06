/** The inventory of every device seen, merged by MAC from every source. */
import { mergeSighting, type Device, type Sighting } from '../../../shared/domain/inventory';
import type { Context } from '../context';

/** Records a sighting; writes and announces only when something a person would see changed. */
export function recordSighting(ctx: Context, sighting: Sighting): Device {
  const existing = ctx.store.state.devices.get(sighting.mac);
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

export function listDevices(ctx: Context): Device[] {
  return [...ctx.store.state.devices.values()];
}
