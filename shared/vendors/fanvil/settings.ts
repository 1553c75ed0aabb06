/**
 * The site's phone settings in Fanvil's `<sysConf>` (X-series, wazo-provd plugins/wazo_fanvil/common/
 * templates/base-new.tpl, which X4U/X5U/X6U extend): `<phone><MenuPassword>`, `<display>
 * <DefaultLanguage>` (en, fr, de, es, it, … as common.py _NEW_SUPPORTED_LANGUAGES), `<date>` (SNTP
 * server, TimeZone in quarter hours and TimeZoneName `UTC+1` as serie_x/entry.py _TZ_INFO, DST by
 * month/week (-1 last)/weekday (0 Sunday)/hour as common.py _extract_dst_change), `<timeDisplay>
 * <DateDisplayStyle>` (4 day first, 10 month first, 13 year first: common.py _DISPLAYDATE for en_GB,
 * en_US, fr_CA), `<web><account index="2">` the user (Level 5). The emergency number:
 * `<phone><EmergencyCall>` (FusionPBX resources/templates/provision/fanvil/w611w/{$mac}.xml), one
 * number. No reference gives a Fanvil dial-plan key or TimeDisplayStyle's values, so a dial plan and
 * a time format are reported as not applied instead of guessed.
 */
import type { ProvisioningInput } from '../../config/provisioningInput';
import { zoneRules, type Transition } from '../../config/timeZone';
import type { ButtonProblem, ParsedSettings } from '../../dialects/types';
import type { DateFormat } from '../../domain/phoneSettings';
import { el, elements, textOf, type XmlElement } from '../../xml/xml';

export const FANVIL_DATE_STYLE: Record<DateFormat, number> = { 'DD/MM/YYYY': 4, 'MM/DD/YYYY': 10, 'YYYY-MM-DD': 13 };

const problem = (message: string): ButtonProblem => ({ key: 0, type: 'settings', severity: 'error', message });

export function fanvilSettingsProblems(input: ProvisioningInput): ButtonProblem[] {
  const s = input.settings;
  if (!s) return [];
  const out: ButtonProblem[] = [];
  for (const rule of s.dialPlan)
    out.push(
      problem(
        `Dial plan rule "${rule.text}": Fanvil cannot be given it here (no Fanvil dial-plan key is confirmed in a reference); it is left out.`,
      ),
    );
  for (const n of s.emergencyNumbers.slice(1))
    out.push(
      problem(`Emergency number ${n}: Fanvil phones take one emergency number (EmergencyCall); only ${s.emergencyNumbers[0]} is written.`),
    );
  if (s.timeFormat)
    out.push(
      problem(`Time format ${s.timeFormat}: Fanvil's TimeDisplayStyle values are not confirmed in a reference; the phone keeps its own.`),
    );
  return out;
}

const t = (name: string, value: string | number) => el(name, {}, [String(value)]);

function dstChange(suffix: 'Start' | 'End', x: Transition): XmlElement[] {
  return [
    t(`DST${suffix}Mon`, x.month),
    t(`DST${suffix}Week`, x.week === 5 ? -1 : x.week),
    t(`DST${suffix}Wday`, x.weekday),
    t(`DST${suffix}Hour`, Math.min(Math.floor(x.minutes / 60), 23)),
  ];
}

/** `<phone>`, with the admin password as the menu password when one is set. */
export function fanvilPhoneElement(input: ProvisioningInput): XmlElement | undefined {
  const s = input.settings;
  const children: XmlElement[] = [];
  if (input.adminPassword) children.push(t('MenuPassword', input.adminPassword));
  if (s?.emergencyNumbers[0]) children.push(t('EmergencyCall', s.emergencyNumbers[0]));
  if (s?.language) children.push(el('display', {}, [t('DefaultLanguage', s.language)]));
  if (s && (s.ntpServer || s.timeZone)) {
    const date: XmlElement[] = [];
    if (s.ntpServer) date.push(t('SNTPServer', s.ntpServer), t('EnableSNTP', 1));
    if (s.timeZone) {
      const z = zoneRules(s.timeZone);
      const h = z.standardMinutes / 60;
      date.push(
        t('TimeZone', Math.round(z.standardMinutes / 15)),
        t('TimeZoneName', h === 0 ? 'UCT' : `UTC${h > 0 ? '+' : '-'}${Math.abs(h)}`),
      );
      if (z.dst) {
        date.push(t('EnableDST', 2), t('DSTFixedType', 2), t('DSTMinOffset', Math.min(z.dst.saveMinutes, 60)));
        date.push(...dstChange('Start', z.dst.start), ...dstChange('End', z.dst.end));
      } else date.push(t('EnableDST', 0));
    }
    children.push(el('date', {}, date));
  }
  if (s?.dateFormat) children.push(el('timeDisplay', {}, [t('DateDisplayStyle', FANVIL_DATE_STYLE[s.dateFormat])]));
  return children.length > 0 ? el('phone', {}, children) : undefined;
}

export function parseFanvilSettings(root: XmlElement): ParsedSettings {
  const path = (...names: string[]): string => {
    let node: XmlElement | undefined = root;
    for (const n of names) node = node ? elements(node, n)[0] : undefined;
    return node ? textOf(node) : '';
  };
  const webPassword = (level: string) =>
    elements(root, 'web')
      .flatMap((w) => elements(w, 'account'))
      .find((a) => elements(a, 'Level')[0] && textOf(elements(a, 'Level')[0] as XmlElement) === level);
  const pw = (level: string) => {
    const a = webPassword(level);
    const p = a ? elements(a, 'Password')[0] : undefined;
    return p ? textOf(p) : '';
  };
  const zone = path('phone', 'date', 'TimeZoneName');
  const dst =
    path('phone', 'date', 'EnableDST') === '2' ? ` DST ${path('phone', 'date', 'DSTStartMon')}-${path('phone', 'date', 'DSTEndMon')}` : '';
  const emergency = path('phone', 'EmergencyCall');
  return {
    dialPlan: '',
    emergencyNumbers: emergency ? [emergency] : [],
    timeZone: zone ? `${zone}${dst}` : '',
    ntpServer: path('phone', 'date', 'SNTPServer'),
    adminPassword: pw('10'),
    userPassword: pw('5'),
    language: path('phone', 'display', 'DefaultLanguage'),
    dateFormat: path('phone', 'timeDisplay', 'DateDisplayStyle'),
    timeFormat: '',
  };
}
