/**
 * What a phone of each vendor would stumble on in the site phone settings its files carry (the
 * virtual phone's check of the new keys): a time zone not in the vendor's own form, a dial plan its
 * parser would refuse, a web password its field would not take, an NTP server that is not a host.
 * Formats as in each vendor's settings module (shared/vendors/<vendor>/settings.ts).
 */
import { DialPlanError, parseDialPlan } from '../../../shared/config/dialPlan';
import type { ParsedSettings } from '../../../shared/dialects/types';
import { PHONE_PASSWORD_RULE } from '../../../shared/domain/phoneSettings';
import type { VendorId } from '../../../shared/vendors/common/plugin';

const BY_WEEK = String.raw`\d{1,2}\/[1-5]\/[1-7]\/\d{1,2}`;
const POSIX_PART = String.raw`[A-Z]{3,5}[+-]\d{1,2}(:\d\d)?`;
const POSIX_RULE = String.raw`M\d{1,2}\.[1-5]\.[0-6]\/\d\d:\d\d:\d\d`;

const ZONE_FORM: Record<VendorId, RegExp> = {
  yealink: new RegExp(String.raw`^[+-]\d{1,2}(:\d\d)?( DST ${BY_WEEK}-${BY_WEEK} \d+)?$`),
  poly: /^-?\d+s( DST \d{1,2}-\d{1,2})?$/,
  grandstream: new RegExp(`^${POSIX_PART}(${POSIX_PART},${POSIX_RULE},${POSIX_RULE})?$`),
  snom: /^[A-Z]{3}[+-]\d{1,2}$/,
  fanvil: /^(UCT|UTC[+-]\d+(\.\d+)?)( DST \d{1,2}-\d{1,2})?$/,
};

function dialPlanProblem(vendor: VendorId, plan: string): string | undefined {
  if (plan === '') return undefined;
  if (vendor === 'grandstream') {
    const m = /^\{ (.*) \}$/.exec(plan);
    if (!m) return `dial plan "${plan}" is not in braces`;
    const bad = (m[1] as string).split(' | ').find((r) => !/^(?:[0-9*#x]|\[[0-9-]+\]|x\+)+$/.test(r));
    return bad === undefined ? undefined : `dial plan rule "${bad}" is not Grandstream syntax`;
  }
  try {
    parseDialPlan(plan);
    return undefined;
  } catch (error) {
    if (error instanceof DialPlanError) return `dial plan: ${error.message}`;
    throw error;
  }
}

export function checkSettingsView(vendor: VendorId, s: ParsedSettings | undefined): string[] {
  if (!s) return [];
  const out: string[] = [];
  for (const [name, value] of [
    ['admin', s.adminPassword],
    ['user', s.userPassword],
  ] as const) {
    if (value !== '' && !PHONE_PASSWORD_RULE.test(value)) out.push(`the ${name} web password is not one the phone's field takes`);
  }
  if (s.ntpServer !== '' && !/^[A-Za-z0-9.:[\]-]+$/.test(s.ntpServer)) out.push(`NTP server "${s.ntpServer}" is not a host`);
  if (s.timeZone !== '' && !ZONE_FORM[vendor].test(s.timeZone)) out.push(`time zone "${s.timeZone}" is not in ${vendor}'s form`);
  const plan = dialPlanProblem(vendor, s.dialPlan);
  if (plan) out.push(plan);
  for (const n of s.emergencyNumbers) if (!/^[0-9*#x[\]-]+$/.test(n)) out.push(`emergency number "${n}" is not dialable`);
  return out;
}
