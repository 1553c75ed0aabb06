/** Site-wide settings the technician edits in the UI. */
import { z } from 'zod';
import { TRANSPORTS } from './account';
import { patchOf } from './patch';
import { securitySettingsSchema } from '../security/settings';

export const pbxSettingsSchema = z.object({
  amiHost: z.string().min(1).max(253).default('127.0.0.1'),
  amiPort: z.number().int().min(1).max(65535).default(5038),
  amiUser: z.string().max(64).default(''),
  amiSecret: z.string().max(128).default(''),
  /** What phones are told to register with. */
  sipHost: z.string().min(1).max(253).default('127.0.0.1'),
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
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = z.object({
  pbx: patchOf(pbxSettingsSchema).optional(),
  requireSerial: z.boolean().optional(),
  plugAndPlay: z.boolean().optional(),
  lanInterface: z.string().max(64).optional(),
  security: patchOf(securitySettingsSchema).optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
