/** A deskphone the technician provisions. */
import { z } from 'zod';
import { parseMac, type Mac } from '../mac';
import { buttonListSchema } from './button';
import { configText } from './account';
import { patchOf } from './patch';
import { deskCheckSchema } from '../pbx/ring';

export const USER_TYPES = ['standard', 'hotdesk'] as const;
export type UserType = (typeof USER_TYPES)[number];

/** A MAC in any common spelling, turned into the canonical form or rejected with a reason. */
export const macSchema = z.string().transform((value, ctx): Mac => {
  const mac = parseMac(value);
  if (!mac) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value.slice(0, 40)}" is not a MAC address (expected e.g. 80:5E:C0:11:22:33)`,
    });
    return z.NEVER;
  }
  return mac;
});

export const lineAssignmentSchema = z.object({
  line: z.number().int().min(1).max(16),
  accountId: z.string().min(1),
});
export type LineAssignment = z.infer<typeof lineAssignmentSchema>;

/** What the technician can set on a phone. */
export const phoneFieldsSchema = z.object({
  serial: configText(64).default(''),
  vendor: configText(32).default(''),
  model: configText(64).default(''),
  firmware: configText(64).default(''),
  userType: z.enum(USER_TYPES).default('standard'),
  client: configText(64).default(''),
  region: configText(64).default(''),
  site: configText(64).default(''),
  lines: z
    .array(lineAssignmentSchema)
    .max(16)
    .default([])
    .refine((lines) => new Set(lines.map((l) => l.line)).size === lines.length, 'each line number once'),
  buttons: buttonListSchema.default([]),
});

export const phoneInputSchema = phoneFieldsSchema.extend({ mac: macSchema });
export type PhoneInput = z.input<typeof phoneInputSchema>;

export const phonePatchSchema = patchOf(phoneFieldsSchema);
export type PhonePatch = z.input<typeof phonePatchSchema>;

/**
 * A device that asked for a phone added without a serial number: held, with what it told, until
 * the technician approves or rejects it (settings.security.trustFirstSerialSites skips this).
 */
export const pendingCallerSchema = z.object({
  ip: z.string().max(64),
  serial: z.string().max(64),
  userAgent: z.string().max(256),
  via: z.enum(['rps', 'pnp']),
  at: z.string(),
});
export type PendingCaller = z.infer<typeof pendingCallerSchema>;

export const phoneSchema = phoneFieldsSchema.extend({
  mac: z.string().regex(/^[0-9a-f]{12}$/),
  /** Unguessable per-phone secret in the provisioning URL. */
  token: z.string().min(20),
  lastIp: z.string().default(''),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * When the phone registered with the PBX and its secret files were locked (settings.security
   * lockAfterRegistration); absent while it may fetch them. Cleared by "re-open".
   */
  lockedAt: z.string().optional(),
  /** The technician's last desk check (rang it, confirmed it answered at its desk, or not). */
  deskCheck: deskCheckSchema.optional(),
  /** The first device that asked for this phone while it had no serial, waiting for approval. */
  pendingCaller: pendingCallerSchema.optional(),
  /** When the technician approved a caller for this phone (its serial, if it sent one, is now on record). */
  approvedAt: z.string().optional(),
  /** Callers the technician rejected (newest last, at most 10): refused without asking again. */
  rejectedCallers: z.array(pendingCallerSchema).max(10).optional(),
  /** Bumped on every change; rendered files are cached against it. */
  revision: z.number().int().nonnegative().default(0),
});
export type Phone = z.infer<typeof phoneSchema>;
