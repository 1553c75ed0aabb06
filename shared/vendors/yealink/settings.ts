/**
 * The site's phone settings in Yealink's keys, for the Yealink plugin's `<mac>.cfg` and the
 * default dialect's ACC.cfg. Key names: FusionPBX resources/templates/provision/yealink/t46u/
 * y000000000108.cfg (sections "Time&Date", "Dialplan", "Language Settings", "Security"); values:
 * Yealink's Administrator Guide for SIP-T2/T4/T5 phones ("Time and Date", "Dial Plan", "Auto DST
 * File Attributes": DST by week is Month/Week of Month (5 = last)/Day of Week (1 Monday .. 7
 * Sunday)/Hour).
 */
import type { CfgLine } from '../../config/cfgSyntax';
import { digitMapOf, isFixedLength, yealinkDialNowOf } from '../../config/dialPlan';
import type { PhoneSettingsInput } from '../../config/phoneSettingsInput';
import { hoursText, zoneRules, type Transition } from '../../config/timeZone';
import type { ParsedSettings } from '../../dialects/types';
import type { DateFormat, PhoneLanguage } from '../../domain/phoneSettings';
import { cfgValue } from '../common/cfgValue';

const pair = (key: string, value: string | number): CfgLine => ({ kind: 'pair', key, value: cfgValue(value) });

/** `local_time.date_format`: 2 YYYY-MM-DD, 3 DD/MM/YYYY, 4 MM/DD/YY (the guide's list; Yealink has no MM/DD/YYYY). */
export const YEALINK_DATE_FORMAT: Record<DateFormat, number> = { 'YYYY-MM-DD': 2, 'DD/MM/YYYY': 3, 'MM/DD/YYYY': 4 };
/** `lang.gui` / `lang.wui`: the language names of Yealink's language packs. */
export const YEALINK_LANGUAGE: Record<PhoneLanguage, string> = {
  en: 'English',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
  it: 'Italian',
  nl: 'Dutch',
};

const byWeek = (t: Transition) => `${t.month}/${t.week}/${t.weekday === 0 ? 7 : t.weekday}/${Math.floor(t.minutes / 60)}`;

/** The settings' cfg lines; the admin and user passwords are written by the caller's file. */
export function yealinkSettingsLines(s: PhoneSettingsInput | undefined): CfgLine[] {
  if (!s) return [];
  const out: CfgLine[] = [];
  if (s.dialPlan.length > 0 || s.emergencyNumbers.length > 0) {
    out.push({ kind: 'comment', text: 'Dial plan: the digit map, and dial-now rules for emergency numbers and fixed-length rules' });
    out.push(pair('dialplan.digitmap.enable', 1), pair('dialplan.digitmap.string', digitMapOf(s.dialPlan, s.emergencyNumbers)));
    const now = [...s.emergencyNumbers, ...s.dialPlan.filter(isFixedLength).map(yealinkDialNowOf)];
    now.forEach((rule, i) => out.push(pair(`dialplan.dialnow.rule.${i + 1}`, rule), pair(`dialplan.dialnow.line_id.${i + 1}`, 0)));
  }
  if (s.timeZone) {
    const z = zoneRules(s.timeZone);
    out.push({ kind: 'comment', text: `Time zone ${s.timeZone}` }, pair('local_time.time_zone', hoursText(z.standardMinutes)));
    if (z.dst) {
      out.push(
        pair('local_time.summer_time', 1),
        pair('local_time.dst_time_type', 1),
        pair('local_time.start_time', byWeek(z.dst.start)),
        pair('local_time.end_time', byWeek(z.dst.end)),
        pair('local_time.offset_time', z.dst.saveMinutes),
      );
    } else out.push(pair('local_time.summer_time', 0));
  }
  if (s.ntpServer) out.push(pair('local_time.ntp_server1', s.ntpServer), pair('local_time.dhcp_time', 0));
  if (s.dateFormat) out.push(pair('local_time.date_format', YEALINK_DATE_FORMAT[s.dateFormat]));
  if (s.timeFormat) out.push(pair('local_time.time_format', s.timeFormat === '24h' ? 1 : 0));
  if (s.language) out.push(pair('lang.gui', YEALINK_LANGUAGE[s.language]), pair('lang.wui', YEALINK_LANGUAGE[s.language]));
  return out;
}

/** `static.security.user_password = <name>:<password>` lines (one per account, same key). */
export function yealinkPasswordLines(adminPassword: string | undefined, userPassword: string | undefined): CfgLine[] {
  const out: CfgLine[] = [];
  if (adminPassword) out.push(pair('static.security.user_password', `admin:${adminPassword}`));
  if (userPassword) out.push(pair('static.security.user_password', `user:${userPassword}`));
  return out;
}

/** The settings as a Yealink phone reads them back from its merged values. */
export function parseYealinkSettings(values: ReadonlyMap<string, string>, passwords: readonly string[]): ParsedSettings {
  const get = (k: string) => values.get(k) ?? '';
  const pw = (name: string) => passwords.find((p) => p.startsWith(`${name}:`))?.slice(name.length + 1) ?? '';
  const emergency: string[] = [];
  for (let i = 1; values.has(`dialplan.dialnow.rule.${i}`); i++) emergency.push(get(`dialplan.dialnow.rule.${i}`));
  const zone = get('local_time.time_zone');
  const dst =
    get('local_time.summer_time') === '1'
      ? ` DST ${get('local_time.start_time')}-${get('local_time.end_time')} ${get('local_time.offset_time')}`
      : '';
  return {
    dialPlan: get('dialplan.digitmap.string'),
    emergencyNumbers: emergency,
    timeZone: zone ? `${zone}${dst}` : '',
    ntpServer: get('local_time.ntp_server1'),
    adminPassword: pw('admin'),
    userPassword: pw('user'),
    language: get('lang.gui'),
    dateFormat: get('local_time.date_format'),
    timeFormat: get('local_time.time_format'),
  };
}

/** What the parse-back check expects a Yealink file to hold for these settings. */
export function expectedYealinkSettings(s: PhoneSettingsInput | undefined, adminPassword = ''): ParsedSettings {
  const lines = yealinkSettingsLines(s);
  const values = new Map(lines.flatMap((l) => (l.kind === 'pair' ? [[l.key, l.value] as const] : [])));
  const passwords = yealinkPasswordLines(adminPassword, s?.userPassword).flatMap((l) => (l.kind === 'pair' ? [l.value] : []));
  return parseYealinkSettings(values, passwords);
}
