/**
 * What a phone does with the default dialect's files, as a pure check: read the BootFile, follow
 * its includes, and verify ACC.cfg and BTN.cfg are complete and consistent. The virtual phone
 * runs this on what it downloaded; tests run it on rendered files.
 */
import { parseCfg, type ParsedCfg } from './cfgSyntax';
import { BUTTON_TYPE_OF_YEALINK_CODE, TRANSPORT_OF_YEALINK_CODE } from './yealinkCodes';
import type { ButtonType } from '../domain/button';
import { BUTTON_TYPES_NEEDING_VALUE } from '../domain/button';

export interface SeenAccount {
  line: number;
  userName: string;
  authName: string;
  password: string;
  server: string;
  port: number;
  transport: string;
  expires: number;
}

export interface SeenButton {
  key: number;
  type: ButtonType;
  value: string;
  label: string;
  line: number;
}

export interface CheckedConfig {
  userType: string;
  model: string;
  includes: string[];
  accounts: SeenAccount[];
  buttons: SeenButton[];
  problems: string[];
}

const NULL = '%NULL%';

function numberOf(values: Map<string, string>, key: string, problems: string[], min: number, max: number): number {
  const raw = values.get(key);
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < min || n > max) {
    problems.push(`${key} must be a number from ${min} to ${max}, got ${raw === undefined ? 'nothing' : `"${raw}"`}`);
    return NaN;
  }
  return n;
}

function indexes(values: Map<string, string>, pattern: RegExp): number[] {
  const found = new Set<number>();
  for (const key of values.keys()) {
    const m = pattern.exec(key);
    if (m?.[1]) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

export function readBoot(text: string): { cfg: ParsedCfg; problems: string[] } {
  const cfg = parseCfg(text);
  const problems: string[] = [];
  if (cfg.includes.length === 0) problems.push('the BootFile includes no configuration files');
  const userType = cfg.values.get('deskphone.user_type');
  if (userType !== 'standard' && userType !== 'hotdesk')
    problems.push(`deskphone.user_type is "${userType ?? ''}", expected standard or hotdesk`);
  if (!cfg.values.get('static.auto_provision.server.url')) problems.push('the BootFile has no static.auto_provision.server.url');
  return { cfg, problems };
}

/** Checks the files a BootFile led to. `files` maps each included name to its text. */
export function checkDefaultConfig(bootText: string, files: ReadonlyMap<string, string>): CheckedConfig {
  const { cfg: boot, problems } = readBoot(bootText);
  const merged = new Map<string, string>();
  for (const name of boot.includes) {
    const text = files.get(name);
    if (text === undefined) {
      problems.push(`${name} was included by the BootFile but not received`);
      continue;
    }
    try {
      for (const [k, v] of parseCfg(text).values) merged.set(k, v);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  const userType = boot.values.get('deskphone.user_type') ?? '';
  const accounts: SeenAccount[] = [];
  for (const n of indexes(merged, /^account\.(\d+)\.enable$/)) {
    if (merged.get(`account.${n}.enable`) !== '1') continue;
    const p = `account.${n}`;
    const text = (key: string) => {
      const v = merged.get(`${p}.${key}`);
      if (v === undefined || v === '' || v === NULL) problems.push(`${p}.${key} is missing`);
      return v ?? '';
    };
    const transportCode = numberOf(merged, `${p}.sip_server.1.transport_type`, problems, 0, 3);
    accounts.push({
      line: n,
      userName: text('user_name'),
      authName: text('auth_name'),
      password: text('password'),
      server: text('sip_server.1.address'),
      port: numberOf(merged, `${p}.sip_server.1.port`, problems, 1, 65535),
      transport: TRANSPORT_OF_YEALINK_CODE.get(transportCode) ?? 'unknown',
      expires: numberOf(merged, `${p}.sip_server.1.expires`, problems, 30, 86400),
    });
  }
  if (userType === 'standard' && accounts.length === 0) problems.push('no enabled SIP account in the configuration');
  if (userType === 'hotdesk' && accounts.length > 0) problems.push('a hot-desk phone got a personal account');

  const buttons: SeenButton[] = [];
  const lines = new Set(accounts.map((a) => a.line));
  for (const k of indexes(merged, /^linekey\.(\d+)\.type$/)) {
    const p = `linekey.${k}`;
    const code = numberOf(merged, `${p}.type`, problems, 0, 99);
    const type = BUTTON_TYPE_OF_YEALINK_CODE.get(code);
    if (!type) {
      problems.push(`${p}.type ${code} is not a key type this phone knows`);
      continue;
    }
    const value = merged.get(`${p}.value`) ?? NULL;
    const label = merged.get(`${p}.label`) ?? NULL;
    const line = numberOf(merged, `${p}.line`, problems, 1, 16);
    if (BUTTON_TYPES_NEEDING_VALUE.has(type) && (value === NULL || value === '')) problems.push(`${p} (${type}) has no value`);
    if (type === 'line' && userType === 'standard' && !lines.has(line))
      problems.push(`${p} is a line key for line ${line}, which has no account`);
    buttons.push({ key: k, type, value: value === NULL ? '' : value, label: label === NULL ? '' : label, line });
  }
  if (userType === 'hotdesk' && !buttons.some((b) => b.type === 'hotdesk_login'))
    problems.push('a hot-desk phone has no hot-desk login key');

  return { userType, model: boot.values.get('deskphone.model') ?? '', includes: boot.includes, accounts, buttons, problems };
}
