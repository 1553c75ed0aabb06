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
