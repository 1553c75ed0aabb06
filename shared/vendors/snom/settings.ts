/**
 * The site's phone settings in Snom's `<phone-settings>`. Names: wazo-provd plugins/wazo_snom/common/
 * templates/base.tpl (http_pass, admin_mode_password, ntp_server, language, web_language, timezone
 * as `<country><offset>` from common.py _add_timezone and _LOCALE: GER, USA, ESP, FRA, ITA, NLD),
 * wazo's snom-general.xml (date_us_format, time_24_format), FusionPBX resources/templates/provision/
 * snom/D785/{$mac}.xml (keyboard_lock_emergency, a space-separated list) and snom/PA1plus
 * (user_dp_str, the per-identity dial-plan string, written as a digit map). Snom has one web login
 * (http_user/http_pass, which gets the admin password), so a user password is reported as not
 * applied; so is a zone whose Snom country code no reference confirms, and YYYY-MM-DD.
 */
import { digitMapOf } from '../../config/dialPlan';
import type { ProvisioningInput } from '../../config/provisioningInput';
import { zoneRules } from '../../config/timeZone';
import type { ButtonProblem, ParsedSettings } from '../../dialects/types';
import type { PhoneLanguage } from '../../domain/phoneSettings';
import { el, type XmlElement } from '../../xml/xml';

export const SNOM_LANGUAGE: Record<PhoneLanguage, string> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Espanol',
  it: 'Italiano',
  nl: 'Nederlands',
};

/** Zones whose Snom country code wazo-provd's Snom plugin uses (its _LOCALE countries). */
const SNOM_COUNTRY: Record<string, string> = {
  'Europe/Berlin': 'GER',
  'Europe/Paris': 'FRA',
  'Europe/Madrid': 'ESP',
  'Europe/Rome': 'ITA',
  'Europe/Amsterdam': 'NLD',
  'America/New_York': 'USA',
  'America/Chicago': 'USA',
  'America/Denver': 'USA',
  'America/Los_Angeles': 'USA',
};

export function snomTimeZone(zone: string): string | undefined {
  const country = SNOM_COUNTRY[zone];
  if (!country) return undefined;
  const hours = Math.round(zoneRules(zone).standardMinutes / 60);
  return `${country}${hours >= 0 ? '+' : '-'}${Math.abs(hours)}`;
}

const problem = (message: string): ButtonProblem => ({ key: 0, type: 'settings', severity: 'error', message });

export function snomSettingsProblems(input: ProvisioningInput): ButtonProblem[] {
  const s = input.settings;
  if (!s) return [];
  const out: ButtonProblem[] = [];
  if (s.userPassword)
    out.push(problem('User password: Snom phones have one web login, which gets the admin password; the user password is not written.'));
  if (s.timeZone && !snomTimeZone(s.timeZone))
    out.push(problem(`Time zone ${s.timeZone}: no Snom time zone code for it is confirmed in a reference; the phone keeps its own.`));
  if (s.dateFormat === 'YYYY-MM-DD')
    out.push(problem('Date format YYYY-MM-DD: Snom phones show day and month only (date_us_format); the phone keeps its own.'));
  return out;
}

/** Elements for `<phone-settings>`; identities' dial plans are added per line by the caller. */
export function snomSettingsElements(input: ProvisioningInput, lines: readonly number[]): XmlElement[] {
  const s = input.settings;
  if (!s) return [];
  const R = { perm: 'R' };
  const out: XmlElement[] = [];
  if (s.ntpServer) out.push(el('ntp_server', R, [s.ntpServer]));
  const zone = s.timeZone ? snomTimeZone(s.timeZone) : undefined;
  if (zone) out.push(el('timezone', R, [zone]));
  if (s.language) out.push(el('language', R, [SNOM_LANGUAGE[s.language]]), el('web_language', R, [SNOM_LANGUAGE[s.language]]));
  if (s.dateFormat && s.dateFormat !== 'YYYY-MM-DD') out.push(el('date_us_format', R, [s.dateFormat === 'MM/DD/YYYY' ? 'on' : 'off']));
  if (s.timeFormat) out.push(el('time_24_format', R, [s.timeFormat === '24h' ? 'on' : 'off']));
  if (s.emergencyNumbers.length > 0) out.push(el('keyboard_lock_emergency', R, [s.emergencyNumbers.join(' ')]));
  if (s.dialPlan.length > 0 || s.emergencyNumbers.length > 0) {
    const map = digitMapOf(s.dialPlan, s.emergencyNumbers);
    for (const n of lines) out.push(el('user_dp_str', { idx: n, perm: 'R' }, [map]));
  }
  return out;
}

export function parseSnomSettings(values: ReadonlyMap<string, string>, identity1: ReadonlyMap<string, string> | undefined): ParsedSettings {
  const get = (k: string) => values.get(k) ?? '';
  const emergency = get('keyboard_lock_emergency');
  return {
    dialPlan: identity1?.get('user_dp_str') ?? '',
    emergencyNumbers: emergency ? emergency.split(/\s+/) : [],
    timeZone: get('timezone'),
    ntpServer: get('ntp_server'),
    adminPassword: get('http_pass'),
    userPassword: '',
    language: get('language'),
    dateFormat: get('date_us_format'),
    timeFormat: get('time_24_format'),
  };
}
