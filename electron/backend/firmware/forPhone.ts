/** The firmware a phone's files point at: its target, as URLs on the device listener. */
import type { FirmwareInput } from '../../../shared/config/provisioningInput';
import type { Phone } from '../../../shared/domain/phone';
import { resolveFirmware, type Resolved } from '../../../shared/firmware/targets';
import { firmwareFileUrl, firmwareFolderUrl, SNOM_STATUS_NAME } from '../../../shared/firmware/url';
import type { Context } from '../context';
import { firmwareStoreOf } from './service';

export function firmwareStandingOf(ctx: Context, phone: Phone): Resolved {
  const store = firmwareStoreOf(ctx);
  if (!store || store.targets.length === 0) return { standing: 'none' };
  return resolveFirmware(store.targets, store.entries, phone);
}

/** Undefined when the phone's vendor and model have no target. */
export function firmwareInputFor(ctx: Context, phone: Phone): FirmwareInput | undefined {
  const { target } = firmwareStandingOf(ctx, phone);
  if (!target) return undefined;
  const base = ctx.urls.deviceBaseUrl;
  const folderUrl = firmwareFolderUrl(base, target.sha256);
  return {
    url: firmwareFileUrl(base, target),
    folderUrl,
    statusUrl: `${folderUrl}/${SNOM_STATUS_NAME}`,
    fileName: target.fileName,
    version: target.version,
    size: target.size,
    sha256: target.sha256,
  };
}
