/**
 * The phone settings' override rows as the Settings screen shows and edits them: what a row
 * matches ("any" for an empty matcher), which fields it replaces, where it stands in the order rows
 * apply in, and the form that edits one (an empty field inherits from the site's settings).
 * Pure: the component (PhoneOverrides.tsx) calls these; test/unit/renderer/overrideRows.test.ts
 * holds them to it.
 */
import { matcherKey, type PhoneLanguage, type PhoneSettingsPatch, type PhoneSettingsView } from '../../../shared/domain/phoneSettings';
import { formatMac, parseMac } from '../../../shared/mac';

/** A refusal as renderer/api/errors.ts's UserError has it (kept structural so unit tests need no client). */
interface UserError {
  message: string;
  hint?: string;
  issues?: { path: string; message: string }[];
}

export type OverrideView = PhoneSettingsView['overrides'][number];
export type OverridePatchRow = NonNullable<PhoneSettingsPatch['overrides']>[number];
type Matcher = Pick<OverrideView, 'site' | 'vendor' | 'model' | 'mac'>;

/** The order rows apply in, in one line (shared/domain/phoneSettings.ts, `phoneFieldsFor`). */
export const ORDER_LINE =
  'Rows apply on top of the site settings above, least specific first: site, then vendor or model, then vendor and model, then one phone (MAC); for each field, the most specific matching row wins.';

export const OVERRIDE_LABELS: Readonly<Record<string, string>> = {
  site: 'Site',
  vendor: 'Vendor',
  model: 'Model',
  mac: 'MAC',
  dialPlan: 'Dial plan',
  emergencyNumbers: 'Emergency numbers',
  timeZone: 'Time zone',
  ntpServer: 'NTP server',
  dateFormat: 'Date format',
  timeFormat: 'Time format',
  language: 'Language',
  adminPassword: 'Admin password',
  userPassword: 'User password',
};

const macText = (mac: string) => {
  const m = parseMac(mac);
  return m ? formatMac(m) : mac;
};

export const LANGUAGE_NAMES: Readonly<Record<PhoneLanguage, string>> = {
  en: 'English',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
  it: 'Italian',
  nl: 'Dutch',
};

const FIELDS = ['dialPlan', 'emergencyNumbers', 'timeZone', 'ntpServer', 'dateFormat', 'timeFormat', 'language'] as const;

/** What the row matches, one part per matcher; an empty matcher is "any". */
export function matchParts(row: Matcher): { label: string; value: string }[] {
  return [
    { label: 'site', value: row.site || 'any' },
    { label: 'vendor', value: row.vendor || 'any' },
    { label: 'model', value: row.model || 'any' },
    { label: 'MAC', value: row.mac ? macText(row.mac) : 'any' },
  ];
}

/** Where the row stands in the order rows apply in (the backend's rank, in words). */
export function levelOf(row: Matcher): string {
  if (row.mac) return 'one phone (MAC)';
  if (row.vendor && row.model) return 'vendor and model';
  if (row.vendor || row.model) return row.site ? 'vendor or model, at a site' : 'vendor or model';
  if (row.site) return 'site';
  return 'every phone';
}

/** The fields a row replaces, in words; passwords only as "set". */
export function replacedFields(row: OverrideView): string[] {
  const out: string[] = [];
  for (const key of FIELDS) {
    const v = row[key];
    if (v === undefined) continue;
    const shown = Array.isArray(v) ? v.join(' ') : key === 'language' && v !== '' ? `${LANGUAGE_NAMES[v as PhoneLanguage]} (${v})` : v;
    out.push(`${OVERRIDE_LABELS[key]}: ${shown === '' ? (key === 'emergencyNumbers' ? 'none' : 'phone default') : shown}`);
  }
  if (row.adminPasswordSet) out.push('Admin password: set');
  if (row.userPasswordSet) out.push('User password: set');
  return out;
}

/** Whether two rows are for the same phones, as the API judges it (vendor and model without case or punctuation). */
export const sameMatcher = (a: Matcher, b: Matcher): boolean => matcherKey(a) === matcherKey(b);

/** A row that matches a site only: the passwords route generates and reveals its passwords. */
export const isSiteRow = (row: Matcher): boolean => row.site !== '' && !row.vendor && !row.model && !row.mac;

/** Select value for "inherit from the site" (the row does not set the field). */
export const INHERIT = 'inherit';

export interface OverrideForm {
  site: string;
  vendor: string;
  model: string;
  mac: string;
  dialPlan: string;
  emergencyNumbers: string;
  timeZone: string;
  ntpServer: string;
  /** INHERIT, '' (the phone's own) or a value. */
  dateFormat: string;
  timeFormat: string;
  language: string;
  /** Typed new passwords; '' keeps the saved one. */
  adminPassword: string;
  userPassword: string;
  /** Remove the saved password. */
  clearAdmin: boolean;
  clearUser: boolean;
}

export function formOf(row?: OverrideView): OverrideForm {
  const sel = (v: string | undefined) => (v === undefined ? INHERIT : v);
  return {
    site: row?.site ?? '',
    vendor: row?.vendor ?? '',
    model: row?.model ?? '',
    mac: row?.mac ? macText(row.mac) : '',
    dialPlan: row?.dialPlan ?? '',
    emergencyNumbers: row?.emergencyNumbers?.join(' ') ?? '',
    timeZone: row?.timeZone ?? '',
    ntpServer: row?.ntpServer ?? '',
    dateFormat: sel(row?.dateFormat),
    timeFormat: sel(row?.timeFormat),
    language: sel(row?.language),
    adminPassword: '',
    userPassword: '',
    clearAdmin: false,
    clearUser: false,
  };
}

/** The matcher the form names, as the API stores it (a MAC in any spelling becomes 12 hex digits). */
export function matcherOf(f: OverrideForm): Matcher {
  const mac = f.mac.trim();
  return { site: f.site.trim(), vendor: f.vendor.trim(), model: f.model.trim(), mac: mac === '' ? '' : (parseMac(mac) ?? mac) };
}

/** The row to send: blank text fields and "inherit" selects are left out (the row does not set them). */
export function rowOf(f: OverrideForm): OverridePatchRow {
  const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const sel = (v: string) => (v === INHERIT ? undefined : v);
  const numbers = f.emergencyNumbers.split(/[\s,]+/).filter((n) => n !== '');
  const row: Record<string, unknown> = {
    ...matcherOf(f),
    dialPlan: text(f.dialPlan),
    emergencyNumbers: numbers.length ? numbers : undefined,
    timeZone: text(f.timeZone),
    ntpServer: text(f.ntpServer),
    dateFormat: sel(f.dateFormat),
    timeFormat: sel(f.timeFormat),
    language: sel(f.language),
    adminPassword: f.clearAdmin ? null : f.adminPassword || undefined,
    userPassword: f.clearUser ? null : f.userPassword || undefined,
  };
  for (const k of Object.keys(row)) if (row[k] === undefined) delete row[k];
  return row as OverridePatchRow;
}

export const formsDiffer = (a: OverrideForm, b: OverrideForm): boolean =>
  (Object.keys(a) as (keyof OverrideForm)[]).some((k) => String(a[k]).trim() !== String(b[k]).trim());

/**
 * The API's refusal of a PATCH, with the issues about the edited row (`phones.overrides.<i>.timeZone`)
 * at the form's field names, so fieldErrorsOf puts them under their fields; others stay as they are.
 */
export function errorForRow(error: UserError, index: number): UserError {
  if (!error.issues) return error;
  const prefix = new RegExp(`^(?:phones\\.)?overrides\\.${index}\\.([A-Za-z]+)`);
  return { ...error, issues: error.issues.map((i) => ({ ...i, path: prefix.exec(i.path)?.[1] ?? i.path })) };
}

/** Refusals the form can tell before asking the API: a row for every phone, a second row with the same matcher. */
export function localProblem(rows: readonly Matcher[], editing: number | undefined, f: OverrideForm): UserError | undefined {
  const m = matcherOf(f);
  if (!m.site && !m.vendor && !m.model && !m.mac)
    return {
      message: 'Not saved: the row matches every phone',
      hint: 'Name a site, vendor, model or MAC; settings for every phone are the site settings above.',
      issues: [{ path: 'site', message: 'name a site, vendor, model or MAC (empty everywhere matches every phone)' }],
    };
  const twin = rows.findIndex((r, i) => i !== editing && sameMatcher(r, m));
  if (twin < 0) return undefined;
  return {
    message: 'Not saved: another row already matches exactly these phones',
    hint: 'Edit that row instead, or change the site, vendor, model or MAC.',
    issues: [{ path: 'site', message: `row ${twin + 1} already matches ${describeMatch(m)}` }],
  };
}

export const describeMatch = (m: Matcher): string =>
  matchParts(m)
    .filter((p) => p.value !== 'any')
    .map((p) => `${p.label} ${p.value}`)
    .join(', ') || 'every phone';
