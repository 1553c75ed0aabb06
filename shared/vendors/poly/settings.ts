/**
 * The site's phone settings as Poly UC Software parameters, in the phone's `<mac>-user.cfg`. Names:
 * FusionPBX resources/templates/provision/polycom/vvx410/{$mac}.cfg (device.auth.localAdminPassword,
 * device.auth.localUserPassword, tcpIpApp.sntp.address, tcpIpApp.sntp.gmtOffset (seconds),
 * tcpIpApp.sntp.daylightSavings.*, dialplan.digitmap, lcl.ml.lang). Values: Poly UC Software
 * Administrator Guide ("Time and Date": with fixedDayEnable 0, start.date is the occurrence of the
 * weekday (1, 8, 15, 22), dayOfWeek 1 Sunday .. 7 Saturday, lastInMonth for the last; the digit map
 * is MGCP syntax; lcl.datetime.time.24HourClock). Emergency numbers go first in the digit map, where
 * an exact match dials at once. No reference gives lcl.datetime.date.format's codes for these
 * layouts, so a date format is reported as not applied.
 */
import { digitMapOf } from '../../config/dialPlan';
import type { ProvisioningInput } from '../../config/provisioningInput';
import { zoneRules, type Transition } from '../../config/timeZone';
import type { ButtonProblem, ParsedSettings } from '../../dialects/types';
import type { PhoneLanguage } from '../../domain/phoneSettings';

export const POLY_LANGUAGE: Record<PhoneLanguage, string> = {
  en: 'English_United_States',
  fr: 'French_France',
  de: 'German_Germany',
  es: 'Spanish_Spain',
  it: 'Italian_Italy',
  nl: 'Dutch_Netherlands',
};

export function polySettingsProblems(input: ProvisioningInput): ButtonProblem[] {
  const s = input.settings;
  return s?.dateFormat
    ? [
        {
          key: 0,
          type: 'settings',
          severity: 'error',
          message: `Date format ${s.dateFormat}: Poly's lcl.datetime.date.format codes are not confirmed in a reference; the phone keeps its own.`,
        },
      ]
    : [];
}

function dst(prefix: string, x: Transition): Record<string, string | number> {
  return {
    [`${prefix}.month`]: x.month,
    [`${prefix}.date`]: x.week === 5 ? 1 : (x.week - 1) * 7 + 1,
    [`${prefix}.time`]: Math.floor(x.minutes / 60),
    [`${prefix}.dayOfWeek`]: x.weekday + 1,
    [`${prefix}.dayOfWeek.lastInMonth`]: x.week === 5 ? 1 : 0,
  };
}

/** Attributes by element: `device` (passwords), `tcpIpApp` (time), `dialplan`, `lcl`. */
export function polySettingsAttributes(input: ProvisioningInput): Record<string, Record<string, string | number>> {
  const s = input.settings;
  const out: Record<string, Record<string, string | number>> = {};
  const put = (element: string, values: Record<string, string | number>) => (out[element] = { ...out[element], ...values });
  if (s?.userPassword) put('device', { 'device.auth.localUserPassword': s.userPassword, 'device.auth.localUserPassword.set': 1 });
  if (!s) return out;
  if (s.ntpServer) put('tcpIpApp', { 'tcpIpApp.sntp.address': s.ntpServer, 'tcpIpApp.sntp.address.overrideDHCP': 1 });
  if (s.timeZone) {
    const z = zoneRules(s.timeZone);
    put('tcpIpApp', { 'tcpIpApp.sntp.gmtOffset': z.standardMinutes * 60, 'tcpIpApp.sntp.gmtOffset.overrideDHCP': 1 });
    if (z.dst) {
      put('tcpIpApp', {
        'tcpIpApp.sntp.daylightSavings.enable': 1,
        'tcpIpApp.sntp.daylightSavings.fixedDayEnable': 0,
        ...dst('tcpIpApp.sntp.daylightSavings.start', z.dst.start),
        ...dst('tcpIpApp.sntp.daylightSavings.stop', z.dst.end),
      });
    } else put('tcpIpApp', { 'tcpIpApp.sntp.daylightSavings.enable': 0 });
  }
  if (s.dialPlan.length > 0 || s.emergencyNumbers.length > 0)
    put('dialplan', { 'dialplan.digitmap': digitMapOf(s.dialPlan, s.emergencyNumbers) });
  if (s.timeFormat) put('lcl', { 'lcl.datetime.time.24HourClock': s.timeFormat === '24h' ? 1 : 0 });
  if (s.language) put('lcl', { 'lcl.ml.lang': POLY_LANGUAGE[s.language] });
  return out;
}

export function parsePolySettings(attrs: ReadonlyMap<string, string>): ParsedSettings {
  const get = (k: string) => attrs.get(k) ?? '';
  const map = get('dialplan.digitmap');
  const offset = get('tcpIpApp.sntp.gmtOffset');
  const dstOn = get('tcpIpApp.sntp.daylightSavings.enable') === '1';
  return {
    dialPlan: map,
    emergencyNumbers: map.split('|').filter((r) => /^[0-9*#]+$/.test(r)),
    timeZone: offset
      ? `${offset}s${dstOn ? ` DST ${get('tcpIpApp.sntp.daylightSavings.start.month')}-${get('tcpIpApp.sntp.daylightSavings.stop.month')}` : ''}`
      : '',
    ntpServer: get('tcpIpApp.sntp.address'),
    adminPassword: get('device.auth.localAdminPassword'),
    userPassword: get('device.auth.localUserPassword'),
    language: get('lcl.ml.lang'),
    dateFormat: '',
    timeFormat: get('lcl.datetime.time.24HourClock'),
  };
}
