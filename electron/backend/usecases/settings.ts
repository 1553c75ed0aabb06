/**
 * Site settings. What goes out is the view (shared/domain/settings.ts): the AMI secret and the
 * digest passwords stay here; a patch that leaves them blank keeps them.
 */
import { randomInt } from 'node:crypto';
import { settingsSchema, toSettingsView, type Settings, type SettingsPatch, type SettingsView } from '../../../shared/domain/settings';
import {
  matcherKey,
  phoneFieldsFor,
  type PhoneFields,
  type PhoneIdentity,
  type PhoneOverride,
  type PhoneSettings,
  type PhoneSettingsPatch,
} from '../../../shared/domain/phoneSettings';
import { phoneSettingsInput, type PhoneSettingsInput } from '../../../shared/config/phoneSettingsInput';
import { vendorByName } from '../../../shared/vendors/registry';
import type { DigestCredential } from '../../../shared/security/settings';
import type { Context } from '../context';
import { AppError } from '../errors';

export function getSettings(ctx: Context): SettingsView {
  return toSettingsView(ctx.store.state.settings);
}

const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The new digest rows, each with its typed password or, left blank, the one saved for its site. */
function keepDigestPasswords(
  saved: readonly DigestCredential[],
  rows: NonNullable<NonNullable<SettingsPatch['security']>['digestCredentials']>,
): DigestCredential[] {
  const sites = new Set<string>();
  return rows.map((row, i) => {
    const site = row.site;
    if (sites.has(site))
      throw new AppError(
        'validation_failed',
        `Two credential rows are for site "${site || '(any)'}"`,
        'Keep one row per site; the row with an empty site covers every other phone.',
        [{ path: `security.digestCredentials.${i}.site`, message: 'already has a row' }],
      );
    sites.add(site);
    if (row.password) return { site, username: row.username, password: row.password };
    const kept = saved.find((c) => c.site === site)?.password;
    if (!kept)
      throw new AppError(
        'validation_failed',
        `The credentials for site "${site || '(any)'}" have no password`,
        'Type a password for this row: none is saved for this site to keep.',
        [{ path: `security.digestCredentials.${i}.password`, message: 'required for a new row' }],
      );
    return { site, username: row.username, password: kept };
  });
}

type Secret = string | null | undefined;
/** Absent or '' keeps the saved password, a text replaces it, null removes it. */
const keepSecret = (saved: string | undefined, given: Secret): string => (given === null ? '' : given ? given : (saved ?? ''));

const sameMatcher = (a: Pick<PhoneOverride, 'site' | 'vendor' | 'model' | 'mac'>, b: typeof a) => matcherKey(a) === matcherKey(b);

/** The phone settings after a patch; rows' blank passwords keep the ones saved on the row with the same matcher. */
function patchPhones(current: PhoneSettings, patch: PhoneSettingsPatch | undefined): PhoneSettings {
  if (!patch) return current;
  const { adminPassword, userPassword, adminPasswordSet: _a, userPasswordSet: _u, overrides, ...fields } = patch;
  return {
    ...current,
    ...defined(fields),
    adminPassword: keepSecret(current.adminPassword, adminPassword),
    userPassword: keepSecret(current.userPassword, userPassword),
    overrides: overrides
      ? overrides.map((row) => {
          const { adminPasswordSet: _ra, userPasswordSet: _ru, adminPassword: ra, userPassword: ru, ...rest } = row;
          const saved = current.overrides.find((o) => sameMatcher(o, row));
          const admin = keepSecret(saved?.adminPassword, ra);
          const user = keepSecret(saved?.userPassword, ru);
          return { ...rest, ...(admin ? { adminPassword: admin } : {}), ...(user ? { userPassword: user } : {}) } as PhoneOverride;
        })
      : current.overrides,
  };
}

export async function updateSettings(ctx: Context, patch: SettingsPatch): Promise<SettingsView> {
  const current = ctx.store.state.settings;
  const { amiSecret, amiSecretSet: _readOnly, ...pbxPatch } = patch.pbx ?? {};
  const { digestCredentials, ...securityPatch } = patch.security ?? {};
  const settings: Settings = settingsSchema.parse({
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && k !== 'pbx' && k !== 'security' && k !== 'phones')),
    phones: patchPhones(current.phones, patch.phones),
    pbx: {
      ...current.pbx,
      ...defined(pbxPatch),
      // '' is what the view shows for a saved secret: sending it back keeps the secret.
      ...(amiSecret === null ? { amiSecret: '' } : amiSecret ? { amiSecret } : {}),
    },
    security: {
      ...current.security,
      ...defined(securityPatch),
      ...(digestCredentials ? { digestCredentials: keepDigestPasswords(current.security.digestCredentials, digestCredentials) } : {}),
    },
  });
  ctx.renderEpoch++;
  await ctx.store.commit([{ op: 'setSettings', settings }]);
  ctx.bus.publish({ type: 'settings-changed' });
  return toSettingsView(settings);
}

// ---- the site's phone settings: passwords on request, and what one phone gets ----

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** 20 characters from 57: about 116 bits, letters and digits only (every vendor takes them). */
export function generatePhonePassword(): string {
  let out = '';
  for (let i = 0; i < 20; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}

const siteRow = (site: string): PhoneOverride => ({ site, vendor: '', model: '', mac: '' });

/** Makes new admin and/or user web passwords for a site ('' = the default site), sealed like SIP passwords. */
export async function generatePhonePasswords(
  ctx: Context,
  input: { site: string; which: 'admin' | 'user' | 'both' },
): Promise<SettingsView> {
  const current = ctx.store.state.settings;
  const fresh = {
    ...(input.which !== 'user' ? { adminPassword: generatePhonePassword() } : {}),
    ...(input.which !== 'admin' ? { userPassword: generatePhonePassword() } : {}),
  };
  let phones: PhoneSettings;
  if (input.site === '') phones = { ...current.phones, ...fresh };
  else {
    const row = siteRow(input.site);
    const exists = current.phones.overrides.some((o) => sameMatcher(o, row));
    phones = {
      ...current.phones,
      overrides: exists
        ? current.phones.overrides.map((o) => (sameMatcher(o, row) ? { ...o, ...fresh } : o))
        : [...current.phones.overrides, { ...row, ...fresh }],
    };
  }
  const settings = settingsSchema.parse({ ...current, phones });
  ctx.renderEpoch++;
  await ctx.store.commit([{ op: 'setSettings', settings }]);
  ctx.bus.publish({ type: 'settings-changed' });
  return toSettingsView(settings);
}

/** The one place the phones' web passwords leave the backend: the technician asked to see them. */
export function revealPhonePasswords(ctx: Context, site: string): { adminPassword: string; userPassword: string } {
  const phones = ctx.store.state.settings.phones;
  if (site === '') return { adminPassword: phones.adminPassword, userPassword: phones.userPassword };
  const row = phones.overrides.find((o) => sameMatcher(o, siteRow(site)));
  if (!row) throw AppError.notFound(`Phone settings for site "${site}"`, 'Generate or type passwords for this site first.');
  return { adminPassword: row.adminPassword ?? '', userPassword: row.userPassword ?? '' };
}

/** The phone settings in force for one phone, and its admin password, as the renderers take them. */
export function phoneSettingsFor(ctx: Context, phone: PhoneIdentity): { adminPassword?: string; settings: PhoneSettingsInput } {
  const settings = ctx.store.state.settings;
  const fields: PhoneFields = phoneFieldsFor(settings.phones, phone, (name) => vendorByName(name)?.id ?? name.trim().toLowerCase());
  return {
    ...(fields.adminPassword ? { adminPassword: fields.adminPassword } : {}),
    settings: phoneSettingsInput(fields, settings.pbx.sipHost),
  };
}
