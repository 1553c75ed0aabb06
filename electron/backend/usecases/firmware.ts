/**
 * The firmware library: add a file (streamed, hashed, refused when empty, too large or already
 * there), list, remove undoably, and the targets per vendor, model and site.
 */
import type { RawUpload } from '../../../shared/api/routes';
import type { Undoable } from '../../../shared/api/views';
import { recogniseFirmwareName } from '../../../shared/firmware/fileName';
import {
  firmwareFileNameSchema,
  type FirmwareEntry,
  type FirmwareTarget,
  type FirmwareUploadQuery,
} from '../../../shared/firmware/library';
import { sameModel } from '../../../shared/firmware/vendors';
import type { Context } from '../context';
import { AppError } from '../errors';
import { firmwareStoreOf } from '../firmware/service';
import { targetSlot, type FirmwareStore } from '../firmware/store';

function storeOf(ctx: Context): FirmwareStore {
  const store = firmwareStoreOf(ctx);
  if (!store) throw new AppError('unavailable', 'The firmware library is not open');
  return store;
}

function changed(ctx: Context): void {
  // Every phone whose model has a target gets the firmware keys in its files.
  ctx.renderEpoch++;
  ctx.bus.publish({ type: 'firmware-changed' });
}

function fileNameOf(upload: RawUpload): string {
  const raw = upload.header('x-file-name');
  let name = raw;
  try {
    // Browsers send a header as Latin-1; the renderer percent-encodes names outside it.
    if (raw !== undefined && /%[0-9A-Fa-f]{2}/.test(raw)) name = decodeURIComponent(raw);
  } catch {
    name = raw;
  }
  const parsed = firmwareFileNameSchema.safeParse(name ?? '');
  if (!parsed.success) {
    throw new AppError(
      'validation_failed',
      `X-File-Name: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      'Send the file name in the X-File-Name header, e.g. X-File-Name: T46U-108.86.0.90.rom',
      [{ path: 'X-File-Name', message: parsed.error.issues[0]?.message ?? 'invalid' }],
    );
  }
  return parsed.data;
}

/** What the technician must still give, checked before a byte is stored. */
function describe(fileName: string, query: FirmwareUploadQuery): Omit<FirmwareEntry, 'id' | 'size' | 'sha256' | 'addedAt'> {
  const seen = recogniseFirmwareName(fileName);
  const vendor = query.vendor ?? seen.vendor;
  const version = query.version ?? seen.version;
  const models = query.model !== undefined && query.model.length > 0 ? query.model : seen.models;
  if (!vendor) {
    throw new AppError(
      'validation_failed',
      `vendor: the name ${fileName} does not tell which vendor's firmware this is`,
      'Give ?vendor=yealink (poly, grandstream, snom, fanvil).',
      [{ path: 'vendor', message: 'required for this file name' }],
    );
  }
  if (version === '') {
    throw new AppError(
      'validation_failed',
      `version: the name ${fileName} does not tell the firmware version`,
      "Give ?version= as the phone's own screen shows it, e.g. 108.86.0.90.",
      [{ path: 'version', message: 'required for this file name' }],
    );
  }
  return { fileName, vendor, models, version };
}

export async function addFirmware(ctx: Context, upload: RawUpload, query: FirmwareUploadQuery): Promise<FirmwareEntry> {
  const store = storeOf(ctx);
  const fileName = fileNameOf(upload);
  const received = await store.receive(upload.chunks, upload.declaredLength);
  // Bytes already in the library are refused first (with the existing id), whatever the name says.
  const entry = await store.commit(received, (id) => ({
    id,
    ...describe(fileName, query),
    size: received.size,
    sha256: received.sha256,
    addedAt: new Date().toISOString(),
  }));
  ctx.log.info('firmware added', { id: entry.id, fileName: entry.fileName, size: entry.size });
  changed(ctx);
  return entry;
}

export function listFirmware(ctx: Context): FirmwareEntry[] {
  return [...storeOf(ctx).entries.values()].sort((a, b) => a.vendor.localeCompare(b.vendor) || a.fileName.localeCompare(b.fileName));
}

export async function deleteFirmware(ctx: Context, id: string): Promise<Undoable> {
  const store = storeOf(ctx);
  const { entry, targets } = await store.remove(id);
  changed(ctx);
  const undoId = ctx.undo.addAction({
    run: async () => {
      await store.restore(entry, targets);
      changed(ctx);
    },
    expire: () => void store.purge(entry.id),
  });
  return { affected: 1, undoId };
}

export function listTargets(ctx: Context): FirmwareTarget[] {
  return storeOf(ctx).targets;
}

export async function setTargets(ctx: Context, targets: FirmwareTarget[]): Promise<FirmwareTarget[]> {
  const store = storeOf(ctx);
  const slots = new Set<string>();
  targets.forEach((t, i) => {
    const entry = store.entries.get(t.firmwareId);
    if (!entry) {
      throw new AppError(
        'validation_failed',
        `[${i}].firmwareId: no firmware file with id ${t.firmwareId}`,
        'List the library to see the ids.',
        [{ path: `${i}.firmwareId`, message: 'not in the library' }],
      );
    }
    if (entry.vendor !== t.vendor) {
      throw new AppError(
        'validation_failed',
        `[${i}].firmwareId: ${entry.fileName} is ${entry.vendor} firmware, not ${t.vendor}`,
        undefined,
        [{ path: `${i}.firmwareId`, message: 'another vendor' }],
      );
    }
    if (entry.models.length > 0 && !entry.models.some((m) => sameModel(m, t.model))) {
      throw new AppError(
        'validation_failed',
        `[${i}].model: ${entry.fileName} is for ${entry.models.join(', ')}, not ${t.model}`,
        'Pick a file made for this model.',
        [{ path: `${i}.model`, message: 'not a model of this file' }],
      );
    }
    const slot = targetSlot(t);
    if (slots.has(slot)) {
      throw new AppError(
        'validation_failed',
        `[${i}]: a second target for ${t.vendor} ${t.model}${t.site ? ` at ${t.site}` : ''}`,
        'One target per model and site.',
        [{ path: `${i}`, message: 'duplicate' }],
      );
    }
    slots.add(slot);
  });
  const saved = await store.setTargets(targets.map(stripSite));
  changed(ctx);
  return saved;
}

function stripSite(t: FirmwareTarget): FirmwareTarget {
  const { site, ...rest } = t;
  return site ? { ...rest, site } : rest;
}
