/** What the admin API says about the PBX link, registrations, endpoints and exports. */
import { z } from 'zod';
import { pbxSettingsSchema } from '../domain/settings';
import { CONTACT_STATES } from '../ami/pjsip';

export const linkStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not_configured') }),
  z.object({
    state: z.literal('connecting'),
    attempt: z.number().int(),
    lastError: z.string().optional(),
    hint: z.string().optional(),
    nextRetryAt: z.string().optional(),
  }),
  z.object({ state: z.literal('connected'), since: z.string(), version: z.string() }),
  z.object({ state: z.literal('stopped') }),
]);
export type LinkStateView = z.infer<typeof linkStateSchema>;

export const contactViewSchema = z.object({
  endpoint: z.string(),
  aor: z.string(),
  uri: z.string(),
  ip: z.string(),
  port: z.number().int(),
  userAgent: z.string(),
  status: z.enum(CONTACT_STATES),
  rttMs: z.number().optional(),
  expiresAt: z.number().optional(),
  /** The phones in the app whose lines use this account. */
  macs: z.array(z.string()),
});
export type ContactView = z.infer<typeof contactViewSchema>;

export const registrationsViewSchema = z.object({
  link: linkStateSchema,
  /** True once the contact list was read after the link last came up. */
  synced: z.boolean(),
  contacts: z.array(contactViewSchema),
});
export type RegistrationsView = z.infer<typeof registrationsViewSchema>;

/** AMI settings to try instead of the saved ones; each one left out (or a blank secret) keeps its saved value. */
export const pbxTestInputSchema = z
  .object({
    amiHost: pbxSettingsSchema.shape.amiHost.unwrap().optional(),
    amiPort: pbxSettingsSchema.shape.amiPort.unwrap().optional(),
    amiUser: pbxSettingsSchema.shape.amiUser.unwrap().optional(),
    amiSecret: pbxSettingsSchema.shape.amiSecret.unwrap().optional(),
  })
  .strict();

/** Whether the AMI user may ring phones (desk check, test call): `originate` write permission. */
export const ringRightsSchema = z.object({
  allowed: z.boolean(),
  /** Whether the desk-check dialplan context is on the PBX (absent when the user may not read the dialplan). */
  contextFound: z.boolean().optional(),
  message: z.string(),
  /** What to add to manager.conf (or extensions.conf). */
  hint: z.string().optional(),
});
export type RingRights = z.infer<typeof ringRightsSchema>;

export const pbxTestResultSchema = z.object({
  ok: z.boolean(),
  /** How far the test got: 'connect' (TCP), 'greeting', 'login', 'pjsip' (rights and module), 'done'. */
  stage: z.enum(['connect', 'greeting', 'login', 'pjsip', 'done']),
  message: z.string(),
  hint: z.string().optional(),
  asteriskVersion: z.string().optional(),
  endpoints: z.number().int().optional(),
  /** Ringing phones at their desks: may this AMI user originate calls? */
  ring: ringRightsSchema.optional(),
  /** Whether the AMI user may send PJSIPNotify (re-provision needs `write = system`); absent when the test stopped before. */
  mayNotify: z.boolean().optional(),
});
export type PbxTestResult = z.infer<typeof pbxTestResultSchema>;

export const pbxEndpointSchema = z.object({
  name: z.string(),
  authUser: z.string(),
  /** False when the PBX keeps only a hash of the password, which cannot be imported. */
  hasPassword: z.boolean(),
  displayName: z.string(),
  contacts: z.number().int(),
  /** The id of the app's account with this user name, when there is one. */
  accountId: z.string().optional(),
});
export type PbxEndpoint = z.infer<typeof pbxEndpointSchema>;

export const pbxImportInputSchema = z.object({
  /** Endpoint names to import; none means all. */
  names: z.array(z.string().min(1).max(80)).max(10000).optional(),
});

export const pbxImportResultSchema = z.object({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type PbxImportResult = z.infer<typeof pbxImportResultSchema>;

export const pjsipExportInputSchema = z.object({
  /** Accounts to export; none means every account. */
  accountIds: z.array(z.string()).max(10000).optional(),
  /** Leave out accounts the PBX already has (needs the link up). */
  onlyMissing: z.boolean().default(true),
  context: z
    .string()
    .regex(/^[A-Za-z0-9_.+-]{1,80}$/)
    .default('from-internal'),
  transport: z
    .string()
    .regex(/^[A-Za-z0-9_.+-]{1,80}$/)
    .optional(),
  /** Digest algorithms offered (supported_algorithms_uas): MD5 by default; SHA-256 comes with a warning. */
  algorithms: z
    .array(z.enum(['MD5', 'SHA-256']))
    .min(1)
    .max(2)
    .default(['MD5']),
});

export const pjsipExportResultSchema = z.object({
  config: z.string(),
  exported: z.array(z.string()),
  /** Accounts left out because the PBX has them already. */
  alreadyOnPbx: z.array(z.string()),
  /** True when the PBX could not be asked, so nothing was left out. */
  unchecked: z.boolean(),
  /** The desk-check context for extensions.conf (ringing phones at their desks, test calls). */
  dialplan: z.string().optional(),
  /** Sentences the technician should read before pasting (e.g. SHA-256 offered). */
  warnings: z.array(z.string()).default([]),
});
export type PjsipExportResult = z.infer<typeof pjsipExportResultSchema>;
