/** The firmware library's service: its store in the data folder and the byte budget its downloads share. */
import type { Context } from '../context';
import { firmwareBytesPerSecond, Pacer } from './pacer';
import { FirmwareStore } from './store';

export class FirmwareService {
  private constructor(
    readonly store: FirmwareStore,
    /** Every firmware download of this backend (HTTP and HTTPS listeners alike) shares it. */
    readonly pacer: Pacer,
  ) {}

  static async open(dataDir: string, warn?: (message: string) => void): Promise<FirmwareService> {
    return new FirmwareService(await FirmwareStore.open(dataDir, warn), new Pacer(firmwareBytesPerSecond()));
  }
}

/** The library, when this backend has one. */
export function firmwareStoreOf(ctx: Context): FirmwareStore | undefined {
  return ctx.services.firmware?.store;
}
