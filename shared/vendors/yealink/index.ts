/**
 * Yealink: a boot file (`<mac>.boot` or the common `y000000000000.boot`) that includes the
 * per-phone `<mac>.cfg`, which holds the accounts, the line keys (and expansion-module keys) and
 * the provisioning keys (FORMATS.md section 2). Older firmware without boot files asks for the
 * model's common `y0000000000XX.cfg` (`y000000000108.cfg` for a T46U: the code has 2 or 3 digits,
 * FusionPBX resources/templates/provision/yealink/t46u/y000000000000.boot) and then `<mac>.cfg`; both
 * are answered. The site's phone settings (dial plan, time, display, web passwords) are in `<mac>.cfg`.
 */
import { renderCfg, parseCfg, type CfgLine } from '../../config/cfgSyntax';
import type { ProvisioningInput } from '../../config/provisioningInput';
import { BUTTON_TYPE_OF_YEALINK_CODE, TRANSPORT_OF_YEALINK_CODE } from '../../config/yealinkCodes';
import { yealinkAccountLines, yealinkHotdeskLines } from '../../config/yealinkAccounts';
import { findModel, keyPosition, totalKeys, type PhoneModel } from '../../catalog/models';
import type { ParsedAccount, ParsedButton, ParsedConfig } from '../../dialects/types';
import { formatMac, type Mac } from '../../mac';
import { cfgValue, cfgValueOrNull } from '../common/cfgValue';
import type { VendorPlugin } from '../common/plugin';
import { buttonProblems, problemNotes, renderableButtons, renderableLines } from '../common/problems';
import { YEALINK_BUTTON_CODES } from './codes';
import { yealinkFirmwareLines } from './firmware';
import { CONTENT_CFG, fileMaker } from '../../dialects/servedFile';
import { parseYealinkSettings, yealinkPasswordLines, yealinkSettingsLines } from './settings';

const MAX_LINES = 16;
const NULL = '%NULL%';

const pair = (key: string, value: string | number): CfgLine => ({ kind: 'pair', key, value: cfgValue(value) });
const note = (text: string): CfgLine => ({ kind: 'comment', text: cfgValue(text) });

function modelOf(input: ProvisioningInput): PhoneModel | undefined {
  return findModel('Yealink', input.phone.model);
}

export function renderYealinkBoot(input: ProvisioningInput): string {
  const mac = input.phone.mac as Mac;
  return renderCfg([
    note(`Deskphone Provisioner boot file for ${formatMac(mac)}`),
    { kind: 'include', file: `${mac}.cfg` },
    pair('overwrite_mode', 1),
  ]);
}

/** The model's common file: nothing phone-specific, no secret. */
export function renderYealinkCommon(): string {
  return renderCfg([note("Deskphone Provisioner: settings are in the phone's own <mac>.cfg")]);
}

function keyPrefix(model: PhoneModel | undefined, key: number): string {
  if (!model) return `linekey.${key}`;
  const pos = keyPosition(model, key);
  return pos?.kind === 'expansion' ? `expansion_module.${pos.module}.key.${pos.index}` : `linekey.${key}`;
}

export function renderYealinkConfig(input: ProvisioningInput): string {
  const problems = yealink.unsupportedButtons(input);
  const model = modelOf(input);
  const mac = input.phone.mac as Mac;
  const lines: CfgLine[] = [
    note(`Deskphone Provisioner configuration for ${formatMac(mac)}${input.phone.model ? ` (${input.phone.model})` : ''}`),
    ...problemNotes(problems).map(note),
    pair('static.auto_provision.server.url', input.provisioningUrl),
    pair('static.auto_provision.pnp_enable', 0),
  ];
  lines.push(...yealinkFirmwareLines(input));
  lines.push(...yealinkPasswordLines(input.adminPassword, input.settings?.userPassword));
  lines.push(...yealinkSettingsLines(input.settings));

  if (input.phone.userType === 'hotdesk') lines.push(...yealinkHotdeskLines(input.callServer));
  lines.push(...yealinkAccountLines(renderableLines(input, MAX_LINES)));
  for (const b of renderableButtons(input, problems)) {
    const k = keyPrefix(model, b.key);
    lines.push(
      pair(`${k}.type`, YEALINK_BUTTON_CODES[b.type] ?? 0),
      pair(`${k}.line`, b.line),
      { kind: 'pair', key: `${k}.value`, value: cfgValueOrNull(b.value) },
      { kind: 'pair', key: `${k}.label`, value: cfgValueOrNull(b.label) },
    );
  }
  return renderCfg(lines);
}

/** `y0000000000XX.cfg`: the model code has 2 (`66`, T46S) or 3 (`108`, T46U) digits. */
const COMMON_MODEL_CFG = /^y0{6}[0-9]{6}\.cfg$/;

const file = fileMaker(CONTENT_CFG);

function valueOf(values: Map<string, string>, key: string): string {
  const v = values.get(key);
  return v === undefined || v === NULL ? '' : v;
}

export function parseYealink(files: ReadonlyMap<string, string>, mac: Mac, modelName = ''): ParsedConfig {
  const problems: string[] = [];
  const values = new Map<string, string>();
  const passwords: string[] = [];
  const bootName = files.has(`${mac}.boot`) ? `${mac}.boot` : 'y000000000000.boot';
  const boot = files.get(bootName);
  let names: string[] = [`${mac}.cfg`];
  if (boot !== undefined) {
    try {
      const parsed = parseCfg(boot);
      names = parsed.includes;
      if (names.length === 0) problems.push('the boot file includes no configuration file');
      for (const [k, v] of parsed.values) values.set(k, v);
    } catch (error) {
      problems.push(`${bootName}: ${(error as Error).message}`);
    }
  }
  for (const name of names) {
    const text = files.get(name);
    if (text === undefined) {
      problems.push(`${name} was not received`);
      continue;
    }
    try {
      const parsed = parseCfg(text);
      for (const [k, v] of parsed.values) values.set(k, v);
      passwords.push(...(parsed.repeated.get('static.security.user_password') ?? []));
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  const accounts: ParsedAccount[] = [];
  for (const key of values.keys()) {
    const m = /^account\.(\d+)\.enable$/.exec(key);
    if (!m || values.get(key) !== '1') continue;
    const p = `account.${m[1]}`;
    accounts.push({
      line: Number(m[1]),
      userName: valueOf(values, `${p}.user_name`),
      authName: valueOf(values, `${p}.auth_name`),
      password: valueOf(values, `${p}.password`),
      displayName: valueOf(values, `${p}.display_name`),
      server: valueOf(values, `${p}.sip_server.1.address`),
      port: Number(valueOf(values, `${p}.sip_server.1.port`) || 5060),
      transport: TRANSPORT_OF_YEALINK_CODE.get(Number(valueOf(values, `${p}.sip_server.1.transport_type`) || 0)) ?? 'unknown',
    });
  }
  const model = findModel('Yealink', modelName);
  const buttons: ParsedButton[] = [];
  for (const key of values.keys()) {
    const line = /^linekey\.(\d+)\.type$/.exec(key);
    const exp = /^expansion_module\.(\d+)\.key\.(\d+)\.type$/.exec(key);
    if (!line && !exp) continue;
    const prefix = key.slice(0, -'.type'.length);
    let number: number;
    if (line) number = Number(line[1]);
    else if (model?.expansion) number = totalKeys(model) + (Number(exp?.[1]) - 1) * model.expansion.keys + Number(exp?.[2]);
    else {
      problems.push(`${prefix} is on an expansion module, but the model "${modelName}" has none in the catalog`);
      continue;
    }
    const type = BUTTON_TYPE_OF_YEALINK_CODE.get(Number(values.get(key)));
    if (!type) {
      problems.push(`${key} = ${values.get(key)} is not a key type this app writes`);
      continue;
    }
    buttons.push({
      key: number,
      type,
      value: valueOf(values, `${prefix}.value`),
      label: valueOf(values, `${prefix}.label`),
      line: Number(valueOf(values, `${prefix}.line`) || 1),
    });
  }
  accounts.sort((a, b) => a.line - b.line);
  buttons.sort((a, b) => a.key - b.key);
  const url = values.get('static.auto_provision.server.url');
  return { accounts, buttons, problems, settings: parseYealinkSettings(values, passwords), ...(url ? { provisioningUrl: url } : {}) };
}

export const yealink: VendorPlugin = {
  id: 'yealink',
  name: 'Yealink',
  recognition: {
    oui: ['001565', '249AD8', '3497D7', '44DBD2', '644F56', '805E0C', '805EC0', 'B061A9', 'C4FC22', 'EC1DA9', 'F01653'],
    userAgents: [/\bYealink\b/i],
    pnpVendors: ['yealink'],
    names: ['yealink'],
  },
  buttonCodes: YEALINK_BUTTON_CODES,
  maxLines: MAX_LINES,
  labelsPerKey: true,
  // wazo-provd-plugins wazo_yealink/common/common.py: standard_sip_synchronize's default, check-sync.
  // Yealink admin guide (sip.notify_reboot_enable): reboot=true reboots; with 0 the plain event re-syncs only.
  resyncEvent: 'check-sync',
  resyncRebootEvent: 'check-sync;reboot=true',
  firmware: {
    userAgent: (mac, model, firmware) => `Yealink SIP-${model} ${firmware} ${formatMac(mac).toLowerCase()}`,
    defaultModel: 'T46U',
    defaultFirmware: '108.86.0.20',
    pnpVendor: 'yealink',
  },
  servedFiles: (mac) => [`${mac}.boot`, `${mac}.cfg`],
  bootFileName: (mac) => `${mac}.boot`,
  fileFor(name, mac) {
    const lower = name.toLowerCase();
    if (lower === `${mac}.boot` || lower === 'y000000000000.boot') return file(name, 'boot', ['boot'], false, renderYealinkBoot);
    if (lower === `${mac}.cfg`) return file(name, 'account', ['account', 'buttons'], true, renderYealinkConfig);
    if (COMMON_MODEL_CFG.test(lower) && lower !== 'y000000000000.cfg') return file(name, 'other', ['other'], false, renderYealinkCommon);
    return undefined;
  },
  isProbe(name, mac) {
    const lower = name.toLowerCase();
    return lower.startsWith(`${mac}-`) || /\.(rom|bin)$/.test(lower) || lower === 'y000000000000.cfg';
  },
  unsupportedButtons: (input) => buttonProblems(yealink, input),
  parseBack: parseYealink,
};
