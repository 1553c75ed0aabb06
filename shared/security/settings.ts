/**
 * The device listener's security settings: who may fetch a phone's secrets, and what a guessing
 * address costs itself. Every field has a default that is safe on a customer LAN.
 */
import { z } from 'zod';
import { parseCidr } from '../discovery/ipv4';

/** One site's HTTP digest credentials; `site` '' applies to phones whose site has none of its own. */
export const digestCredentialSchema = z.object({
  site: z.string().max(64).default(''),
  username: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\x21-\x7e]+$/, 'printable characters, no spaces')
    .refine((u) => !/["\\:]/.test(u), 'no quotes, backslashes or colons'),
  password: z
    .string()
    .min(8, 'at least 8 characters')
    .max(128)
    .regex(/^[\x20-\x7e]+$/, 'printable ASCII only (phones type it from their menu)'),
});
export type DigestCredential = z.infer<typeof digestCredentialSchema>;

export const cidrTextSchema = z
  .string()
  .max(18)
  .refine((text) => parseCidr(text) !== null, 'not an IPv4 subnet (expected e.g. 192.168.1.0/24)');

export const securitySettingsSchema = z.object({
  /** Serial check length: 0 compares the whole serial, N the last N characters (as Yealink's RPS). */
  serialDigits: z.number().int().min(0).max(64).default(0),
  /**
   * Sites whose phones, added without a serial, take the first serial that calls for them (as
   * before approval existed); '' stands for phones with no site. Empty: every such caller waits for approval.
   */
  trustFirstSerialSites: z.array(z.string().max(64)).max(500).default([]),
  /** Ask phones for HTTP digest credentials (their site's) before serving any file. */
  digestAuth: z.boolean().default(false),
  digestCredentials: z.array(digestCredentialSchema).max(500).default([]),
  /** IPv4 subnets allowed to use the device listener; empty lets everyone on the LAN in. */
  allowedSubnets: z.array(cidrTextSchema).max(64).default([]),
  /** Once a phone registered with the PBX, refuse its secret files until the technician re-opens it. */
  lockAfterRegistration: z.boolean().default(true),
  /** Serve the device routes over HTTPS too (with the app's own certificate). */
  https: z.boolean().default(true),
  /** Hand out https:// provisioning URLs even to phones that asked the RPS over plain HTTP. */
  preferHttps: z.boolean().default(false),
  /** Lock out an address after too many failed guesses (tokens, MACs, serials, passwords). */
  lockout: z.boolean().default(true),
  lockoutMaxFailures: z.number().int().min(3).max(100_000).default(20),
  lockoutWindowSeconds: z.number().int().min(1).max(86_400).default(60),
  lockoutSeconds: z.number().int().min(1).max(86_400).default(300),
});
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = securitySettingsSchema.parse({});

/** What each setting does, in words for the settings screen. */
export const SECURITY_SETTING_HELP: Record<keyof SecuritySettings, { label: string; help: string }> = {
  serialDigits: {
    label: 'Serial digits checked',
    help:
      'When "Check serial numbers" is on, the RPS compares the serial a phone sends with the one on record. 0 compares the whole serial; ' +
      'a number N compares only the last N characters, as Yealink\u2019s RPS does with the last 5 digits of the label.',
  },
  trustFirstSerialSites: {
    label: 'Trust the first serial (sites)',
    help:
      'A phone added without a serial number is normally held as "waiting for approval" when it first calls (RPS or plug-and-play): you see ' +
      'the caller\u2019s address, serial and User-Agent on the phone and approve or reject it, so a device copying its MAC gets nothing. For ' +
      'the sites listed here the first serial that calls is taken instead, with no approval: quicker, but whoever asks first wins. Off by default.',
  },
  digestAuth: {
    label: 'Ask phones for a user name and password',
    help:
      'Phones must answer an HTTP digest challenge with their site\u2019s credentials before any file is served. Type the same user name and ' +
      'password into each phone (Auto Provision page) or into DHCP option 66 as http://user:password@host/. Off by default.',
  },
  digestCredentials: {
    label: 'Credentials per site',
    help:
      'One user name and password per site; the row with an empty site applies to every phone whose site has no row of its own. ' +
      'A phone with no matching row is refused while digest is on.',
  },
  allowedSubnets: {
    label: 'Allowed subnets',
    help:
      'Only devices in these IPv4 subnets (e.g. 192.168.10.0/24) may use the RPS and the provisioning server. Empty: everyone on the LAN. ' +
      'Include this computer\u2019s own subnet if you test from it.',
  },
  lockAfterRegistration: {
    label: 'Lock phones once registered',
    help:
      'After a phone has registered with the PBX, its files holding passwords are no longer served, so a device copying its MAC and token ' +
      'later gets nothing. To let it fetch them again (changed account, factory reset), use "Re-open" on the phone.',
  },
  https: {
    label: 'HTTPS for phones',
    help:
      'Serve the RPS and the provisioning files over HTTPS too, with a certificate this app made. Plain HTTP stays on for phones that ' +
      'cannot do TLS. Export the certificate to let phones or the PBX trust it.',
  },
  preferHttps: {
    label: 'Send phones to HTTPS',
    help: 'Hand out https:// provisioning URLs even to phones that asked the RPS over plain HTTP. Turn on only when the phones trust the exported certificate.',
  },
  lockout: {
    label: 'Lock out guessing addresses',
    help:
      'An address that makes too many failed attempts (unknown tokens or MACs, wrong serials or passwords) is refused for a while. ' +
      'Other addresses, and phones fetching their own files, are not affected.',
  },
  lockoutMaxFailures: { label: 'Failures allowed', help: 'How many failed attempts an address may make within the window.' },
  lockoutWindowSeconds: { label: 'Window (seconds)', help: 'The failures counted are those within this many seconds.' },
  lockoutSeconds: { label: 'Lock-out (seconds)', help: 'How long a locked-out address is refused.' },
};
