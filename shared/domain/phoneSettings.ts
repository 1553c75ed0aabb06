/**
 * The site's phone settings (seeds step 6, "call routing rules and display settings"): dial plan,
 * emergency numbers, time zone, NTP server, date and time format, language, and the phones' web
 * admin and user passwords. `settings.phones` holds the default site's values and `overrides`, rows
 * that replace some of them for one site, one vendor or model, or one phone (most specific wins:
 * site, then vendor/model, then MAC). Passwords are secrets: sealed at rest, never in a view.
 */
import { z } from 'zod';
import { DialPlanError, parseDialPlan } from '../config/dialPlan';
import { isTimeZone } from '../config/timeZone';

export const PHONE_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'nl'] as const;
export type PhoneLanguage = (typeof PHONE_LANGUAGES)[number];
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
export const TIME_FORMATS = ['24h', '12h'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

/**
 * What every vendor's web password field takes: Grandstream's P2/P196 take letters and digits only
 * (FusionPBX grandstream/gxp21xx/{$mac}.xml, "String: a-z, A-Z, 0-9"), so that is the rule for all.
 */
export const PHONE_PASSWORD_RULE = /^[A-Za-z0-9]{8,32}$/;
export const phonePasswordSchema = z
  .string()
  .regex(
    PHONE_PASSWORD_RULE,
    '8 to 32 letters and digits: Grandstream phones take only a-z, A-Z and 0-9 in their web passwords (P2, P196), so every vendor gets the same rule',
  );

const dialPlanSchema = z
  .string()
  .max(2000)
  .superRefine((text, ctx) => {
    try {
      parseDialPlan(text);
    } catch (error) {
      if (!(error instanceof DialPlanError)) throw error;
      ctx.addIssue({ code: 'custom', message: `the dial plan does not parse: ${error.message}` });
    }
  });

export const emergencyNumberSchema = z.string().regex(/^[0-9*#]{1,15}$/, 'an emergency number is 1 to 15 digits, * or #');

const timeZoneSchema = z
  .string()
  .max(64)
  .refine((tz) => tz === '' || isTimeZone(tz), 'not a time zone this app knows: use an IANA name such as Europe/Paris or America/New_York');

const hostSchema = z
  .string()
  .max(253)
  .regex(/^$|^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$/, 'a host name or an IP address');

/** The fields a row may set; '' (or no emergency numbers) means "the phone's own default". */
export const phoneFieldsSchema = z.object({
  /** Digit map, e.g. `[2-4]xxx | 0[1-9]x. | 9xx.` (shared/config/dialPlan.ts). */
  dialPlan: dialPlanSchema.default(''),
  /** Numbers the phone dials the moment they are typed. */
  emergencyNumbers: z.array(emergencyNumberSchema).max(10).default([]),
  /** IANA name; each vendor gets its own zone name or offset and DST rule. */
  timeZone: timeZoneSchema.default(''),
  /** '' means the PBX's address (settings.pbx.sipHost). */
  ntpServer: hostSchema.default(''),
  dateFormat: z.enum(['', ...DATE_FORMATS]).default(''),
  timeFormat: z.enum(['', ...TIME_FORMATS]).default(''),
  language: z.enum(['', ...PHONE_LANGUAGES]).default(''),
  /** Web UI admin password; '' sets none (the phone keeps its own). Secret. */
  adminPassword: z.union([z.literal(''), phonePasswordSchema]).default(''),
  /** Web UI user password; '' sets none. Secret. */
  userPassword: z.union([z.literal(''), phonePasswordSchema]).default(''),
});
export type PhoneFields = z.infer<typeof phoneFieldsSchema>;

/** A row that replaces some fields for the phones it matches; an empty matcher matches any. */
export const phoneOverrideSchema = z.object({
  site: z.string().max(64).default(''),
  vendor: z.string().max(64).default(''),
  model: z.string().max(64).default(''),
  mac: z.union([z.literal(''), z.string().regex(/^[0-9a-f]{12}$/, 'a MAC of 12 lower-case hex digits')]).default(''),
  ...patchFields(),
});
export type PhoneOverride = z.infer<typeof phoneOverrideSchema>;

function patchFields() {
  const shape = phoneFieldsSchema.shape;
  return {
    dialPlan: shape.dialPlan.unwrap().optional(),
    emergencyNumbers: shape.emergencyNumbers.unwrap().optional(),
    timeZone: shape.timeZone.unwrap().optional(),
    ntpServer: shape.ntpServer.unwrap().optional(),
    dateFormat: shape.dateFormat.unwrap().optional(),
    timeFormat: shape.timeFormat.unwrap().optional(),
    language: shape.language.unwrap().optional(),
    adminPassword: shape.adminPassword.unwrap().optional(),
    userPassword: shape.userPassword.unwrap().optional(),
  };
}

export const phoneSettingsSchema = phoneFieldsSchema.extend({
  overrides: z.array(phoneOverrideSchema).max(500).default([]),
});
export type PhoneSettings = z.infer<typeof phoneSettingsSchema>;

/** As the admin API shows them: passwords only as "set" flags. */
const hidden = { adminPassword: z.literal(''), userPassword: z.literal(''), adminPasswordSet: z.boolean(), userPasswordSet: z.boolean() };
export const phoneSettingsViewSchema = phoneFieldsSchema.extend({
  ...hidden,
  overrides: z.array(phoneOverrideSchema.extend(hidden)),
});
export type PhoneSettingsView = z.infer<typeof phoneSettingsViewSchema>;

function hide<T extends { adminPassword?: string | undefined; userPassword?: string | undefined }>(row: T) {
  return {
    ...row,
    adminPassword: '' as const,
    userPassword: '' as const,
    adminPasswordSet: Boolean(row.adminPassword),
    userPasswordSet: Boolean(row.userPassword),
  };
}

export function toPhoneSettingsView(s: PhoneSettings): PhoneSettingsView {
  return { ...hide(s), overrides: s.overrides.map(hide) };
}

/**
 * A patch: fields absent keep their value. A password '' or absent keeps the saved one, a text
 * replaces it, null removes it. `overrides`, when given, replaces the rows (a row's blank password
 * keeps the one saved on the row with the same matcher). The view's `...Set` flags are ignored.
 */
const passwordPatch = z
  .union([z.literal(''), phonePasswordSchema])
  .nullable()
  .optional();
/** Vendor and model names compared without case, spaces or punctuation (`SIP-T46U` ends with `t46u`). */
const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** The part of a row that says which phones it is for. */
type Matcher = Pick<PhoneOverride, 'site' | 'vendor' | 'model' | 'mac'>;

/** Two rows with the same matcher would fight over the same phones: one key per matcher. */
export function matcherKey(row: { site?: string; vendor?: string; model?: string; mac?: string }): string {
  return [row.site ?? '', norm(row.vendor ?? ''), norm(row.model ?? ''), row.mac ?? ''].join('|');
}

/** Rows that match every phone (the default site's fields do that) or repeat another row's matcher are refused, by their place. */
function checkRows(rows: readonly Partial<Matcher>[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const key = matcherKey(row);
    if (key === '|||') {
      ctx.addIssue({
        code: 'custom',
        path: ['overrides', i, 'site'],
        message: 'a row must name a site, a vendor, a model or a MAC: the site settings already apply to every phone',
      });
      return;
    }
    const first = seen.get(key);
    if (first !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['overrides', i, 'site'],
        message: `the same phones as row ${first + 1}: change that row instead`,
      });
    else seen.set(key, i);
  });
}

export const phoneSettingsPatchSchema = z
  .object({
    ...patchFields(),
    adminPassword: passwordPatch,
    userPassword: passwordPatch,
    adminPasswordSet: z.boolean().optional(),
    userPasswordSet: z.boolean().optional(),
    overrides: z
      .array(
        phoneOverrideSchema.extend({
          adminPassword: passwordPatch,
          userPassword: passwordPatch,
          adminPasswordSet: z.boolean().optional(),
          userPasswordSet: z.boolean().optional(),
        }),
      )
      .max(500)
      .optional(),
  })
  .strict()
  .superRefine((patch, ctx) => {
    if (patch.overrides) checkRows(patch.overrides, ctx);
  });
export type PhoneSettingsPatch = z.infer<typeof phoneSettingsPatchSchema>;

export interface PhoneIdentity {
  site: string;
  vendor: string;
  model: string;
  mac: string;
}

/** How specific a row is for this phone (higher wins), or -1 when it does not match. */
function rank(row: PhoneOverride, phone: PhoneIdentity, vendorKey: (name: string) => string): number {
  if (row.mac !== '') return row.mac === phone.mac ? 8 : -1;
  if (row.site !== '' && row.site !== phone.site) return -1;
  if (row.vendor !== '' && vendorKey(row.vendor) !== vendorKey(phone.vendor)) return -1;
  if (row.model !== '' && !norm(phone.model).endsWith(norm(row.model))) return -1;
  return (row.site ? 1 : 0) + (row.vendor ? 2 : 0) + (row.model ? 2 : 0);
}

/**
 * The fields in force for one phone: the default site's, then each matching row, least specific
 * first. `vendorKey` says which vendor a name means (the vendor registry knows that `Polycom` is
 * Poly); by default names are compared as written, without case or punctuation.
 */
export function phoneFieldsFor(settings: PhoneSettings, phone: PhoneIdentity, vendorKey: (name: string) => string = norm): PhoneFields {
  const { overrides, ...base } = settings;
  const rows = overrides
    .map((row, i) => ({ row, r: rank(row, phone, vendorKey), i }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.i - b.i);
  const out: PhoneFields = { ...base };
  for (const { row } of rows) {
    for (const key of Object.keys(out) as (keyof PhoneFields)[]) {
      const v = row[key];
      if (v !== undefined) (out as Record<string, unknown>)[key] = v;
    }
  }
  return out;
}
