/**
 * The site report a technician hands over: every phone with MAC, model, IP, extension(s),
 * buttons and final status. One row per phone; the same rows feed the CSV and the printable page.
 */
import { BUTTON_TYPE_LABELS, type Button } from '../domain/button';
import type { LineAssignment } from '../domain/phone';
import type { FlowState } from '../flow/machine';
import { STAGE_LABELS } from '../flow/machine';
import { STEP_INFO } from '../flow/steps';
import { formatMac, type Mac } from '../mac';
import { serializeCsv } from '../csv/csv';
import type { DeskCheck } from '../pbx/ring';

export interface ReportPhone {
  mac: string;
  vendor: string;
  model: string;
  lastIp: string;
  site: string;
  userType: string;
  lines: readonly LineAssignment[];
  buttons: readonly Button[];
  flow: FlowState;
  /** The technician's desk check, when the phone was rung and checked. */
  deskCheck?: DeskCheck;
  /** The firmware version the phone last told (its User-Agent). */
  firmware?: string;
}

export interface ReportAccount {
  id: string;
  userName: string;
  displayName: string;
}

export interface ReportRow {
  mac: string;
  vendor: string;
  model: string;
  ip: string;
  site: string;
  userType: string;
  /** `1: 1001 (Alice)` per line, `; ` between lines. */
  extensions: string;
  /** `1 Line Alice, 3 BLF 1002 Bob` */
  buttons: string;
  status: string;
  /** Why it failed, in words, or empty. */
  problem: string;
  lastSeen: string;
  registered: boolean;
  /** The desk check in words ("Answered at its desk, 2026-11-30 07:10"), or empty when not tested. */
  tested: string;
  /** True when the phone answered at its desk (confirmed by the technician). */
  deskConfirmed: boolean;
  firmware: string;
}

export const REPORT_COLUMNS = [
  'MAC',
  'Vendor',
  'Model',
  'IP',
  'Site',
  'User type',
  'Extensions',
  'Buttons',
  'Status',
  'Problem',
  'Last seen',
  'Tested',
  'Firmware',
] as const;

/** The desk check in words for the report's "Tested" column. */
export function describeDeskCheck(check: DeskCheck | undefined): string {
  if (!check) return '';
  const when = check.at.replace('T', ' ').slice(0, 16);
  if (check.outcome === 'confirmed') return `Answered at its desk, ${when}${check.note ? ` (${check.note})` : ''}`;
  return `Wrong desk: ${check.note || 'no note'}, ${when}`;
}

export function describeButton(b: Button): string {
  const type = b.type === 'blf' ? 'BLF' : BUTTON_TYPE_LABELS[b.type];
  return [String(b.key), type, b.value, b.label].filter((p) => p !== '').join(' ');
}

export function reportRow(phone: ReportPhone, accounts: ReadonlyMap<string, ReportAccount>): ReportRow {
  const extensions = [...phone.lines]
    .sort((a, b) => a.line - b.line)
    .map((l) => {
      const acc = accounts.get(l.accountId);
      if (!acc) return `${l.line}: (missing account)`;
      return `${l.line}: ${acc.userName}${acc.displayName ? ` (${acc.displayName})` : ''}`;
    })
    .join('; ');
  const failure = phone.flow.failure;
  return {
    mac: formatMac(phone.mac as Mac),
    vendor: phone.vendor,
    model: phone.model,
    ip: phone.flow.lastIp || phone.lastIp,
    site: phone.site,
    userType: phone.userType === 'hotdesk' ? 'Hot-desk' : 'Standard',
    extensions,
    buttons: phone.buttons
      .filter((b) => b.type !== 'none')
      .map(describeButton)
      .join(', '),
    status: STAGE_LABELS[phone.flow.stage],
    problem: failure ? `Step ${failure.step} (${STEP_INFO[failure.step].done}): ${failure.reason}` : '',
    lastSeen: phone.flow.lastSeen ?? '',
    registered: phone.flow.steps[7]?.outcome === 'ok',
    tested: describeDeskCheck(phone.deskCheck),
    deskConfirmed: phone.deskCheck?.outcome === 'confirmed',
    firmware: phone.firmware ?? '',
  };
}

/** Rows sorted by site, then MAC. */
export function siteReport(phones: readonly ReportPhone[], accounts: readonly ReportAccount[]): ReportRow[] {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return phones.map((p) => reportRow(p, byId)).sort((a, b) => a.site.localeCompare(b.site) || a.mac.localeCompare(b.mac));
}

export interface ReportSummary {
  total: number;
  registered: number;
  failed: number;
  waiting: number;
  /** Phones confirmed at their desk by a desk check. */
  tested: number;
  /** Phones marked at the wrong desk. */
  wrongDesk: number;
}

export function summarize(rows: readonly ReportRow[]): ReportSummary {
  return {
    total: rows.length,
    registered: rows.filter((r) => r.registered).length,
    failed: rows.filter((r) => r.problem !== '').length,
    waiting: rows.filter((r) => !r.registered && r.problem === '').length,
    tested: rows.filter((r) => r.deskConfirmed).length,
    wrongDesk: rows.filter((r) => r.tested.startsWith('Wrong desk')).length,
  };
}

/** "212 of 214 phones answered at their desk" */
export function testedSentence(summary: ReportSummary): string {
  return `${summary.tested} of ${summary.total} phone${summary.total === 1 ? '' : 's'} answered at their desk`;
}

export function reportCsv(rows: readonly ReportRow[]): string {
  return serializeCsv(
    REPORT_COLUMNS,
    rows.map((r) => [
      r.mac,
      r.vendor,
      r.model,
      r.ip,
      r.site,
      r.userType,
      r.extensions,
      r.buttons,
      r.status,
      r.problem,
      r.lastSeen,
      r.tested,
      r.firmware,
    ]),
  );
}

/** What the handover report says of the site's phone settings: passwords only as "set", never in clear. */
export interface PhoneSettingsReportInput {
  adminPasswordSet: boolean;
  userPasswordSet: boolean;
  timeZone: string;
  ntpServer: string;
  dialPlan: string;
  emergencyNumbers: readonly string[];
  overrides: readonly { site: string; vendor: string; model: string; mac: string; adminPasswordSet: boolean; userPasswordSet: boolean }[];
}

export function phoneSettingsReport(s: PhoneSettingsReportInput): string[] {
  const set = (yes: boolean) => (yes ? 'set' : 'not set (phones keep their factory password)');
  const lines = [
    `Phone web admin password: ${set(s.adminPasswordSet)}`,
    `Phone web user password: ${s.userPasswordSet ? 'set' : 'not set'}`,
    `Time zone: ${s.timeZone || 'phone default'}; NTP server: ${s.ntpServer || 'the PBX'}`,
    `Dial plan: ${s.dialPlan || 'phone default'}${s.emergencyNumbers.length ? `; emergency numbers ${s.emergencyNumbers.join(', ')}` : ''}`,
  ];
  for (const o of s.overrides) {
    const who = [o.site && `site ${o.site}`, o.vendor, o.model, o.mac && formatMac(o.mac as Mac)].filter(Boolean).join(' ');
    if (o.adminPasswordSet || o.userPasswordSet)
      lines.push(
        `${who}: admin password ${o.adminPasswordSet ? 'set' : 'as default'}, user password ${o.userPasswordSet ? 'set' : 'as default'}`,
      );
  }
  return lines;
}
