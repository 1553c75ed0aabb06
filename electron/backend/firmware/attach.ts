/** The firmware library beside the Context (one per backend), opened at start. */
import type { Context } from '../context';
import { FirmwareStore } from './store';
import { watchFirmwareVersions } from './versions';

const stores = new WeakMap<Context, FirmwareStore>();

export async function attachFirmware(ctx: Context, dataDir: string): Promise<() => void> {
  stores.set(ctx, await FirmwareStore.open(dataDir));
  return watchFirmwareVersions(ctx);
}

/** The library; a backend started without one (a unit test's Context) has an empty one in memory. */
export function firmwareStoreOf(ctx: Context): FirmwareStore | undefined {
  return stores.get(ctx);
}
