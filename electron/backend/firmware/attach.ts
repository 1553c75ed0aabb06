/** The firmware library beside the Context (one per backend), opened at start. */
import type { Context } from '../context';
import { FirmwareStore } from './store';
import { watchFirmwareVersions } from './versions';
import { firmwareBytesPerSecond, Pacer } from './pacer';

const stores = new WeakMap<Context, FirmwareStore>();
const pacers = new WeakMap<Context, Pacer>();

export async function attachFirmware(ctx: Context, dataDir: string): Promise<() => void> {
  stores.set(ctx, await FirmwareStore.open(dataDir));
  pacers.set(ctx, new Pacer(firmwareBytesPerSecond()));
  return watchFirmwareVersions(ctx);
}

/** The library; a backend started without one (a unit test's Context) has an empty one in memory. */
export function firmwareStoreOf(ctx: Context): FirmwareStore | undefined {
  return stores.get(ctx);
}

/** The byte budget every firmware download of this backend shares (HTTP and HTTPS listeners alike). */
export function firmwarePacerOf(ctx: Context): Pacer {
  let pacer = pacers.get(ctx);
  if (!pacer) pacers.set(ctx, (pacer = new Pacer(firmwareBytesPerSecond())));
  return pacer;
}
