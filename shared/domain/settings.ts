/** Site-wide settings the technician edits in the UI. */
import { z } from 'zod';
import { TRANSPORTS } from './account';
import { patchOf } from './patch';
import { digestCredentialSchema, securitySettingsSchema } from '../security/settings';
import { phoneSettingsPatchSchema, phoneSettingsSchema, phoneSettingsViewSchema, toPhoneSettingsView } from './phoneSettings';

export const pbxSettingsSchema = z.object({
  amiHost: z.string().min(1).max(253).default('127.0.0.1'),
  amiPort: z.number().int().min(1).max(65535).default(5038),
  amiUser: z.string().max(64).default(''),
  amiSecret: z.string().max(128).default(''),
  /**
   * What phones are told to register with. Empty until the technician sets it: no guessed default
   * (a loopback one would send every phone on the LAN to register with itself).
   */
  sipHost: z.string().trim().max(253).default(''),
  sipPort: z.number().int().min(1).max(65535).default(5060),
  sipTransport: z.enum(TRANSPORTS).default('udp'),
  /** Seconds after its configuration was served before a phone that never registered is flagged. */
  registerDeadlineSeconds: z.number().int().min(10).max(3600).default(120),
});
export type PbxSettings = z.infer<typeof pbxSettingsSchema>;

export const settingsSchema = z.object({
  pbx: pbxSettingsSchema.default(pbxSettingsSchema.parse({})),
  /** Check the serial number a device sends to the RPS against the one on record. */
  requireSerial: z.boolean().default(true),
  plugAndPlay: z.boolean().default(true),
  /** Interface the phones' LAN is on, as picked by the technician. */
  lanInterface: z.string().max(64).default(''),
  /** Who gets a phone's secrets on the device listener (shared/security/settings.ts). */
  security: securitySettingsSchema.default(securitySettingsSchema.parse({})),
  /** The site's phone settings: dial plan, time, display, web passwords (shared/domain/phoneSettings.ts). */
  phones: phoneSettingsSchema.default(phoneSettingsSchema.parse({})),
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * Settings as the admin API shows them (docs/API.md, "Secrets in the settings"): the AMI secret
 * and the digest passwords never leave the backend. Each is sent as '' with a flag saying whether
 * one is saved, so a client that sends back what it read keeps them.
 */
export const settingsViewSchema = settingsSchema.extend({
  pbx: pbxSettingsSchema.extend({ amiSecret: z.literal(''), amiSecretSet: z.boolean() }),
  security: securitySettingsSchema.extend({
    digestCredentials: z.array(digestCredentialSchema.extend({ password: z.literal(''), passwordSet: z.boolean() })),
  }),
  phones: phoneSettingsViewSchema,
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export function toSettingsView(settings: Settings): SettingsView {
  const { pbx, security } = settings;
  return {
    ...settings,
    phones: toPhoneSettingsView(settings.phones),
    pbx: { ...pbx, amiSecret: '', amiSecretSet: pbx.amiSecret !== '' },
    security: {
      ...security,
      digestCredentials: security.digestCredentials.map((c) => ({ ...c, password: '', passwordSet: c.password !== '' })),
    },
  };
}

/** A digest row in a patch: a blank or absent password keeps the one saved for the same site. */
export const digestCredentialPatchSchema = digestCredentialSchema.extend({
  password: z.union([z.literal(''), digestCredentialSchema.shape.password]).optional(),
});

export const settingsPatchSchema = z.object({
  /**
   * `amiSecret`: absent or '' keeps the saved secret, a text replaces it, null removes it.
   * `amiSecretSet` (from the view) is read-only and ignored, so a view can be sent back as is.
   */
  pbx: patchOf(pbxSettingsSchema.extend({ amiSecret: z.string().max(128).nullable(), amiSecretSet: z.boolean() })).optional(),
  requireSerial: z.boolean().optional(),
  plugAndPlay: z.boolean().optional(),
  lanInterface: z.string().max(64).optional(),
  security: patchOf(securitySettingsSchema.extend({ digestCredentials: z.array(digestCredentialPatchSchema).max(500) })).optional(),
  /** Phone settings; passwords as for the AMI secret: absent or '' keeps, a text replaces, null removes. */
  phones: phoneSettingsPatchSchema.optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
