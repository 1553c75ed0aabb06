/**
 * Checks files read back (a vendor plugin's parseBack) against the assignment they were rendered
 * from: every account and every key the vendor can do must be there, as assigned. Golden tests,
 * parse-back tests and the virtual phone all use it; each difference is a sentence.
 */
import { authNameOf } from '../../domain/account';
import { BUTTON_TYPES_NEEDING_VALUE } from '../../domain/button';
import type { ParsedConfig } from '../../dialects/types';
import type { ProvisioningInput } from '../../config/provisioningInput';
import type { VendorPlugin } from './plugin';
import { renderableButtons, renderableLines } from './problems';

export interface Expected {
  accounts: { line: number; userName: string; authName: string; password: string; server: string; port: number; transport: string }[];
  buttons: { key: number; type: string; value: string; label: string; line: number }[];
}

/** What a phone of this vendor should find in its files for this assignment. */
export function expectedFor(plugin: VendorPlugin, input: ProvisioningInput): Expected {
  const problems = plugin.unsupportedButtons(input);
  return {
    accounts: renderableLines(input, plugin.maxLines).map(({ line, account }) => ({
      line,
      userName: account.userName,
      authName: authNameOf(account),
      password: account.password,
      server: account.serverHost,
      port: account.serverPort,
      transport: account.transport,
    })),
    buttons: renderableButtons(input, problems).map((b) => ({ key: b.key, type: b.type, value: b.value, label: b.label, line: b.line })),
  };
}

export function verifyParsed(plugin: VendorPlugin, expected: Expected, parsed: ParsedConfig): string[] {
  const out = [...parsed.problems];
  for (const want of expected.accounts) {
    const got = parsed.accounts.find((a) => a.line === want.line);
    if (!got) {
      out.push(`line ${want.line}: account ${want.userName} is not in the files`);
      continue;
    }
    for (const field of ['userName', 'authName', 'password', 'server', 'port', 'transport'] as const) {
      if (String(got[field]) !== String(want[field])) {
        out.push(
          `line ${want.line}: ${field} is ${field === 'password' ? 'not the assigned one' : `"${got[field]}", expected "${want[field]}"`}`,
        );
      }
    }
  }
  for (const extra of parsed.accounts.filter((a) => !expected.accounts.some((w) => w.line === a.line))) {
    out.push(`line ${extra.line}: account ${extra.userName} is in the files but was not assigned`);
  }
  for (const want of expected.buttons) {
    const got = parsed.buttons.find((b) => b.key === want.key);
    if (!got) {
      out.push(`key ${want.key} (${want.type}) is not in the files`);
      continue;
    }
    if (got.type !== want.type) out.push(`key ${want.key} is ${got.type}, expected ${want.type}`);
    if (BUTTON_TYPES_NEEDING_VALUE.has(want.type as never) || want.type === 'park' || want.type === 'pickup') {
      if (got.value !== want.value) out.push(`key ${want.key} (${want.type}) has value "${got.value}", expected "${want.value}"`);
    }
    if (want.type === 'line' && got.line !== want.line)
      out.push(`key ${want.key} is a line key for line ${got.line}, expected ${want.line}`);
    if (plugin.labelsPerKey && want.label !== '' && got.label !== want.label) {
      out.push(`key ${want.key} is labelled "${got.label}", expected "${want.label}"`);
    }
  }
  for (const extra of parsed.buttons.filter((b) => !expected.buttons.some((w) => w.key === b.key))) {
    out.push(`key ${extra.key} (${extra.type}) is in the files but was not assigned`);
  }
  return out;
}

/**
 * Checks the site phone settings read back from a vendor's files: every setting the vendor can
 * express (no `settings` problem against it) must be found. Values are in the vendor's own words,
 * so the check is that each is there (and, for NTP server and passwords, equal).
 */
export function verifySettings(plugin: VendorPlugin, input: ProvisioningInput, parsed: ParsedConfig): string[] {
  const s = input.settings;
  if (!s) return [];
  const got = parsed.settings;
  if (!got) return ['the files carry no site phone settings'];
  const refused = plugin
    .unsupportedButtons(input)
    .filter((p) => p.type === 'settings')
    .map((p) => p.message);
  const skip = (prefix: string) => refused.some((m) => m.startsWith(prefix));
  const out: string[] = [];
  if (s.ntpServer && got.ntpServer !== s.ntpServer) out.push(`NTP server is "${got.ntpServer}", expected "${s.ntpServer}"`);
  if ((input.adminPassword ?? '') !== got.adminPassword) out.push('the admin password is not the one set');
  if (!skip('User password') && s.userPassword !== got.userPassword) out.push('the user password is not the one set');
  if (s.timeZone && !skip('Time zone') && got.timeZone === '') out.push(`time zone ${s.timeZone} is not in the files`);
  const expressible = s.dialPlan.filter((r) => !skip(`Dial plan rule "${r.text}"`));
  if (expressible.length > 0 && got.dialPlan === '') out.push('the dial plan is not in the files');
  for (const n of s.emergencyNumbers) {
    if (skip(`Emergency number ${n}`)) continue;
    if (!got.emergencyNumbers.includes(n)) out.push(`emergency number ${n} is not in the files`);
  }
  if (s.language && got.language === '') out.push('the language is not in the files');
  if (s.dateFormat && !skip('Date format') && got.dateFormat === '') out.push('the date format is not in the files');
  if (s.timeFormat && !skip('Time format') && got.timeFormat === '') out.push('the time format is not in the files');
  return out;
}
