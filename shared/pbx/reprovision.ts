/**
 * A re-provision as the admin API and the event stream show it: asked for, the phone's lock
 * opened for its own address, the vendor's NOTIFY sent, then `pending` → `fetched` (which files,
 * from which address) → `registered`, or why not (`no_fetch`, `no_register`, `failed`).
 */
import { z } from 'zod';

export const REPROVISION_STATES = ['pending', 'fetched', 'registered', 'no_fetch', 'no_register', 'failed'] as const;
export type ReprovisionState = (typeof REPROVISION_STATES)[number];

/** States after which nothing more happens. */
export const REPROVISION_FINAL: ReadonlySet<ReprovisionState> = new Set(['registered', 'no_fetch', 'no_register', 'failed']);

export const REPROVISION_WINDOW_DEFAULT_S = 120;

const windowNumber = (n: z.ZodNumber) => n.int().min(5, 'at least 5 seconds').max(900, 'at most 900 seconds (15 minutes)');

/** `?reboot=true&windowSeconds=60` on the one-phone route. */
export const reprovisionQuerySchema = z
  .object({
    reboot: z.enum(['true', 'false', '1', '0']).optional(),
    windowSeconds: windowNumber(z.coerce.number()).optional(),
  })
  .strict();

export const reprovisionBulkInputSchema = z
  .object({
    macs: z.array(z.string()).min(1, 'select at least one phone').max(2000),
    reboot: z.boolean().default(false),
    windowSeconds: windowNumber(z.number()).default(REPROVISION_WINDOW_DEFAULT_S),
  })
  .strict();

export const reprovisionFileSchema = z.object({
  file: z.string(),
  ip: z.string(),
  at: z.string(),
  /** false when the file was refused (the reason says why). */
  served: z.boolean(),
  reason: z.string().optional(),
});

export const reprovisionViewSchema = z.object({
  id: z.string(),
  mac: z.string(),
  state: z.enum(REPROVISION_STATES),
  reboot: z.boolean(),
  /** The NOTIFY `Event:` sent (the vendor plugin's). */
  event: z.string(),
  /** The PBX endpoint the NOTIFY went to. */
  endpoint: z.string(),
  /** The one address the opened lock lets through: the phone's own last known address. */
  address: z.string(),
  requestedAt: z.string(),
  /** When the lock closes again unless the phone fetched its files before. */
  windowUntil: z.string(),
  windowSeconds: z.number().int(),
  /** Whether the phone's lock is open for it right now. */
  windowOpen: z.boolean(),
  files: z.array(reprovisionFileSchema),
  fetchedAt: z.string().optional(),
  registeredAt: z.string().optional(),
  /** What happened, in words; `hint` says what to check when it went wrong. */
  message: z.string(),
  hint: z.string().optional(),
});
export type ReprovisionView = z.infer<typeof reprovisionViewSchema>;

export const reprovisionBulkResultSchema = z.object({
  results: z.array(
    z.object({
      mac: z.string(),
      ok: z.boolean(),
      reprovision: reprovisionViewSchema.optional(),
      error: z.object({ code: z.string(), status: z.number().int(), message: z.string(), hint: z.string().optional() }).optional(),
    }),
  ),
});
export type ReprovisionBulkResult = z.infer<typeof reprovisionBulkResultSchema>;
