/** The firmware library's records and targets as the API carries them (zod at the boundary). */
import { z } from 'zod';
import { FIRMWARE_VENDORS } from './vendors';

export const FIRMWARE_MAX_BYTES = 512 * 1024 * 1024;

/** Any C0 control character or DEL (kept out of names, models and versions). */
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

const text = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.trim())
    .refine((s) => !hasControl(s), 'no control characters');

/** A file name as the technician's disk had it: no folders, no control characters. */
export const firmwareFileNameSchema = z
  .string()
  .min(1, 'give the file name')
  .max(200)
  .refine((s) => !hasControl(s) && !/[/\\]/.test(s), 'a file name, without folders or control characters')
  .refine((s) => s.trim() !== '' && s !== '.' && s !== '..' && !s.startsWith('.'), 'not a hidden or empty name');

export const firmwareEntrySchema = z.object({
  id: z.string(),
  fileName: z.string(),
  vendor: z.enum(FIRMWARE_VENDORS),
  models: z.array(z.string()),
  version: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  addedAt: z.string().default(''),
});
export type FirmwareEntry = z.infer<typeof firmwareEntrySchema>;

/** The upload's query: what the name cannot tell (comma-separated models). */
export const firmwareUploadQuerySchema = z.object({
  vendor: z.enum(FIRMWARE_VENDORS).optional(),
  model: text(400)
    .optional()
    .transform((s) =>
      s === undefined
        ? undefined
        : s
            .split(',')
            .map((m) => m.trim())
            .filter((m) => m !== ''),
    ),
  version: text(64).optional(),
});
export type FirmwareUploadQuery = z.output<typeof firmwareUploadQuerySchema>;

export const firmwareTargetSchema = z.object({
  vendor: z.enum(FIRMWARE_VENDORS),
  model: text(64).pipe(z.string().min(1, 'give the model')),
  firmwareId: z.string().min(1),
  /** Only the phones of this site; without it, every site that has no target of its own. */
  site: text(64).optional(),
});
export type FirmwareTarget = z.output<typeof firmwareTargetSchema>;

export const firmwareTargetListSchema = z.array(firmwareTargetSchema).max(1000);
