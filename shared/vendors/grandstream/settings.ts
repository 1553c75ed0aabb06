/**
 * The site's phone settings as Grandstream named items. Names and values: FusionPBX
 * resources/templates/provision/grandstream/gxp2135/{$mac}.xml (account.N.call.dialplan = P290,
 * users.admin.password = P2, users.user.password = P196, dateTime.ntp.server.1 = P30,
 * dateTime.timezone "customize" + dateTime.timezone.custom (a POSIX rule, e.g.
 * CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00), dateTime.format.date / .time, language.gui) and
 * wazo-provd's base_v2.tpl (language.gui = en, fr, de, …).
 */
import { grandstreamDialPlanOf, grandstreamRulesOf } from '../../config/dialPlan';
import type { ProvisioningInput } from '../../config/provisioningInput';
import { posixTz, zoneRules } from '../../config/timeZone';
import type { ButtonProblem, ParsedSettings } from '../../dialects/types';
import type { DateFormat } from '../../domain/phoneSettings';

export const GRANDSTREAM_DATE_FORMAT: Record<DateFormat, string> = {
  'YYYY-MM-DD': 'yyyy-mm-dd',
  'DD/MM/YYYY': 'dd-mm-yyyy',
  'MM/DD/YYYY': 'mm-dd-yyyy',
};

function dialPlanOf(input: ProvisioningInput): { value: string; problems: ButtonProblem[] } | undefined {
  const s = input.settings;
  if (!s || (s.dialPlan.length === 0 && s.emergencyNumbers.length === 0)) return undefined;
  const rules: string[] = [];
  const problems: ButtonProblem[] = [];
  for (const rule of s.dialPlan) {
    const r = grandstreamRulesOf(rule);
    if ('rules' in r) rules.push(...r.rules);
    else
      problems.push({
        key: 0,
        type: 'settings',
        severity: 'error',
        message: `Dial plan rule "${rule.text}": Grandstream cannot express it (${r.reason}); it is left out of this phone's dial plan.`,
      });
  }
  return { value: grandstreamDialPlanOf(rules, s.emergencyNumbers), problems };
}

export function grandstreamSettingsProblems(input: ProvisioningInput): ButtonProblem[] {
  return dialPlanOf(input)?.problems ?? [];
}

/** `[name, value]` items for these settings; the dial plan goes on every account written. */
export function grandstreamSettingsItems(input: ProvisioningInput, lines: readonly number[]): [string, string][] {
  const s = input.settings;
  if (!s) return [];
  const out: [string, string][] = [];
  if (s.userPassword) out.push(['users.user.password', s.userPassword]);
  if (s.ntpServer) out.push(['dateTime.ntp.server.1', s.ntpServer], ['dateTime.override.dhcp.allowOption42', 'No']);
  if (s.timeZone) {
    out.push(
      ['dateTime.timezone', 'customize'],
      ['dateTime.timezone.custom', posixTz(zoneRules(s.timeZone))],
      ['dateTime.override.dhcp.allowOption2', 'No'],
    );
  }
  if (s.dateFormat) out.push(['dateTime.format.date', GRANDSTREAM_DATE_FORMAT[s.dateFormat]]);
  if (s.timeFormat) out.push(['dateTime.format.time', s.timeFormat === '24h' ? '24Hour' : '12Hour']);
  if (s.language) out.push(['language.gui', s.language]);
  const plan = dialPlanOf(input);
  if (plan) for (const line of lines) out.push([`account.${line}.call.dialplan`, plan.value]);
  return out;
}

export function parseGrandstreamSettings(values: ReadonlyMap<string, string>): ParsedSettings {
  const get = (k: string) => values.get(k) ?? '';
  const plan = get('account.1.call.dialplan');
  const rules = plan
    .replace(/^\{\s*|\s*\}$/g, '')
    .split('|')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  return {
    dialPlan: plan,
    emergencyNumbers: rules.filter((r) => /^[0-9*#]+$/.test(r)),
    timeZone: get('dateTime.timezone') === 'customize' ? get('dateTime.timezone.custom') : get('dateTime.timezone'),
    ntpServer: get('dateTime.ntp.server.1'),
    adminPassword: get('users.admin.password'),
    userPassword: get('users.user.password'),
    language: get('language.gui'),
    dateFormat: get('dateTime.format.date'),
    timeFormat: get('dateTime.format.time'),
  };
}
