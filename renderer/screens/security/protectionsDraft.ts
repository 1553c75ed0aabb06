/**
 * The security form's draft: the settings as the technician edits them (numbers as typed text,
 * subnets as lines), turned into a settings patch, and the API's validation issues turned back
 * into words next to the field they are about.
 */
import type { SettingsPatch, SettingsView } from '../../../shared/domain/settings';
import { SECURITY_SETTING_HELP, type SecuritySettings } from '../../../shared/security/settings';
import type { UserError } from '../../api/errors';

export interface CredentialRow {
  /** Local key for React; rows have no id on the server. */
  key: number;
  site: string;
  username: string;
  /** Typed here; '' keeps the password saved for `savedSite`. */
  password: string;
  passwordSet: boolean;
  /** The site the saved password belongs to (undefined for a row added here). */
  savedSite?: string;
}

export const NUMBER_FIELDS = ['serialDigits', 'lockoutMaxFailures', 'lockoutWindowSeconds', 'lockoutSeconds'] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

export const SWITCH_FIELDS = ['digestAuth', 'lockAfterRegistration', 'https', 'preferHttps', 'lockout'] as const;
export type SwitchField = (typeof SWITCH_FIELDS)[number];

export type Draft = {
  requireSerial: boolean;
  subnets: string;
  /** Sites that trust the first serial, one per line; NO_SITE stands for phones with no site. */
  trustSites: string;
  credentials: CredentialRow[];
} & Record<NumberField, string> &
  Record<SwitchField, boolean>;

/** How the sites list names phones that have no site ('' in the settings). */
export const NO_SITE = '(no site)';

/** The sites as typed: one per line, blanks dropped, NO_SITE as ''. */
export function siteList(text: string): string[] {
  return [
    ...new Set(
      text
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map((s) => (s === NO_SITE ? '' : s)),
    ),
  ];
}

let nextKey = 1;
export const newRowKey = (): number => nextKey++;

export function draftOf(settings: SettingsView): Draft {
  const s = settings.security;
  return {
    requireSerial: settings.requireSerial,
    serialDigits: String(s.serialDigits),
    digestAuth: s.digestAuth,
    credentials: s.digestCredentials.map((c) => ({
      key: newRowKey(),
      site: c.site,
      username: c.username,
      password: '',
      passwordSet: c.passwordSet,
      savedSite: c.site,
    })),
    subnets: s.allowedSubnets.join('\n'),
    trustSites: s.trustFirstSerialSites.map((site) => site || NO_SITE).join('\n'),
    lockAfterRegistration: s.lockAfterRegistration,
    https: s.https,
    preferHttps: s.preferHttps,
    lockout: s.lockout,
    lockoutMaxFailures: String(s.lockoutMaxFailures),
    lockoutWindowSeconds: String(s.lockoutWindowSeconds),
    lockoutSeconds: String(s.lockoutSeconds),
  };
}

/** Compares two drafts by what would be saved (row keys aside). */
export function sameDraft(a: Draft, b: Draft): boolean {
  const strip = (d: Draft) => ({ ...d, credentials: d.credentials.map(({ key: _key, ...rest }) => rest) });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** The subnets as typed: one per line (commas and spaces also separate them), blanks dropped. */
export function subnetList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Field errors by field key: a NumberField, 'subnets', or `credentials.<i>.<site|username|password>`. */
export type FieldErrors = Record<string, string>;

/** The patch to send, or the fields to fix first (only what the API cannot say better). */
export function patchOf(d: Draft): { ok: true; patch: SettingsPatch } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const numbers = {} as Record<NumberField, number>;
  for (const field of NUMBER_FIELDS) {
    const text = d[field].trim();
    if (!/^\d+$/.test(text)) errors[field] = 'Type a whole number.';
    else numbers[field] = Number(text);
  }
  d.credentials.forEach((row, i) => {
    if (row.password === '' && row.passwordSet && row.savedSite !== row.site)
      errors[`credentials.${i}.password`] = 'The site changed: type the password again.';
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    patch: {
      requireSerial: d.requireSerial,
      security: {
        ...numbers,
        digestAuth: d.digestAuth,
        // A blank password keeps the one saved for that site (docs/API.md, "Secrets in the settings").
        digestCredentials: d.credentials.map((c) => ({
          site: c.site.trim(),
          username: c.username.trim(),
          ...(c.password !== '' ? { password: c.password } : {}),
        })),
        allowedSubnets: subnetList(d.subnets),
        trustFirstSerialSites: siteList(d.trustSites),
        lockAfterRegistration: d.lockAfterRegistration,
        https: d.https,
        preferHttps: d.preferHttps,
        lockout: d.lockout,
      },
    },
  };
}

const CREDENTIAL_PARTS: Record<string, string> = { site: 'site', username: 'user name', password: 'password' };

/** zod's range words, said plainly. */
function plainMessage(message: string): string {
  return message
    .replace(/^Too small: expected number to be >=\s*(\d+)$/, 'must be at least $1')
    .replace(/^Too big: expected number to be <=\s*(\d+)$/, 'must be at most $1')
    .replace(/^Too small: expected string to have >=1 characters$/, 'required')
    .replace(/^Too small: expected string to have >=(\d+) characters$/, 'needs at least $1 characters')
    .replace(/^Too big: expected string to have <=(\d+) characters$/, 'may have at most $1 characters');
}

/** Where an API issue path points in this form, and how to name it. */
export function locateIssue(path: string, d: Draft): { field: string; label: string; which?: string } | undefined {
  const parts = path.split('.');
  if (parts[0] === 'requireSerial') return { field: 'requireSerial', label: 'Check serial numbers' };
  if (parts[0] !== 'security' || !parts[1]) return undefined;
  const key = parts[1] as keyof SecuritySettings;
  if (key === 'allowedSubnets') {
    const typed = subnetList(d.subnets)[Number(parts[2])];
    const which = typed !== undefined ? `“${typed}”` : undefined;
    return {
      field: 'subnets',
      label: `${SECURITY_SETTING_HELP.allowedSubnets.label}${which ? `, ${which}` : ''}`,
      ...(which ? { which } : {}),
    };
  }
  if (key === 'digestCredentials' && parts[2] !== undefined) {
    const row = Number(parts[2]);
    const part = parts[3] ?? 'site';
    return { field: `credentials.${row}.${part}`, label: `Credentials row ${row + 1}, ${CREDENTIAL_PARTS[part] ?? part}` };
  }
  if (key === 'trustFirstSerialSites') return { field: 'trustSites', label: SECURITY_SETTING_HELP.trustFirstSerialSites.label };
  const help = SECURITY_SETTING_HELP[key];
  return help ? { field: key, label: help.label } : undefined;
}

/** The API's refusal, with field names instead of paths, and the same words by each field. */
export function explainRefusal(error: UserError, d: Draft): { error: UserError; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const issues = (error.issues ?? []).map((issue) => {
    const where = locateIssue(issue.path, d);
    const message = plainMessage(issue.message);
    if (where) fields[where.field] ??= where.which ? `${where.which}: ${message}` : message;
    return { path: where?.label ?? issue.path, message };
  });
  const generic = /^The request is not valid/.test(error.message);
  return {
    error: {
      ...error,
      message: generic ? 'The security settings were not saved: some values are not valid' : error.message,
      ...(issues.length > 0 ? { issues } : {}),
    },
    fields,
  };
}
