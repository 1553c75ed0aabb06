/**
 * Grandstream: one file, `cfg<mac>.xml`, `<gs_provision version="1"><config version="2">` with named
 * items (`<item name="account.1.sip.userid">`), the form of Grandstream's own templates for GXP21xx
 * firmware 1.0.11 and GRP261x (FusionPBX resources/templates/provision/grandstream/gxp2135/{$mac}.xml,
 * grp2614/{$mac}.xml; wazo-provd plugins/wazo_grandstream/common/templates/base_v2.tpl, which GXP2135
 * and GRP261x use). Keys: the phone's own virtual keys `pks.vpk.N` (P1363…), then its physical
 * multi-purpose keys `pks.mpk.N` (P323…), then expansion-module keys `pks.ext.N` (P23000…), with the
 * VPK/MPK counts of wazo-provd's MODEL_FKEYS (shared/catalog/models.ts). The item names carry the
 * P-values in those templates' comments; docs/PROTOCOL.md lists both. It is the phone's only file,
 * so it is both its boot file and its configuration.
 */
import { authNameOf, type Transport } from '../../domain/account';
import type { ProvisioningInput } from '../../config/provisioningInput';
import type { ButtonType } from '../../domain/button';
import type { ButtonProblem, ParsedAccount, ParsedButton, ParsedConfig, ServedFile } from '../../dialects/types';
import { findModel, totalKeys, type PhoneModel } from '../../catalog/models';
import { formatMac, type Mac } from '../../mac';
import { comment, el, elements, parseXml, renderXml, textOf, type XmlNode } from '../../xml/xml';
import type { VendorPlugin } from '../common/plugin';
import { buttonProblems, problemNotes, renderableButtons, renderableLines } from '../common/problems';
import { GRANDSTREAM_BUTTON_CODES, VPK_ONLY_MODES } from './codes';
import { grandstreamFirmwareItems } from './firmware';
import { CONTENT_XML } from '../../dialects/servedFile';
import { grandstreamSettingsItems, grandstreamSettingsProblems, parseGrandstreamSettings } from './settings';

const MAX_LINES = 4;

/** `account.N.sip.transport`: FusionPBX gxp2135 template (udp 0, tcp 1, tls 2). */
const TRANSPORT: Record<Transport, number> = { udp: 0, tcp: 1, tls: 2 };
const TRANSPORT_BACK: Record<string, Transport> = { '0': 'udp', '1': 'tcp', '2': 'tls' };

const TYPE_OF_CODE = new Map<string, ButtonType>(
  Object.entries(GRANDSTREAM_BUTTON_CODES).map(([type, code]) => [String(code), type as ButtonType]),
);

export type KeySection = 'vpk' | 'mpk' | 'ext';

/**
 * Where key `key` (1-based, the phone's keys first) sits: `pks.vpk.N` for the first `vpk` keys, then
 * `pks.mpk.N` for the physical MPKs, then `pks.ext.N` on expansion modules. A model not in the
 * catalog has every key as a VPK.
 */
export function keySlot(model: PhoneModel | undefined, key: number): { section: KeySection; index: number } {
  if (!model) return { section: 'vpk', index: key };
  const vpk = model.vpk ?? totalKeys(model);
  const own = totalKeys(model);
  if (key <= vpk) return { section: 'vpk', index: key };
  if (key <= own) return { section: 'mpk', index: key - vpk };
  return { section: 'ext', index: key - own };
}

function keyNumber(model: PhoneModel | undefined, section: KeySection, index: number): number {
  if (!model || section === 'vpk') return index;
  const vpk = model.vpk ?? totalKeys(model);
  return section === 'mpk' ? vpk + index : totalKeys(model) + index;
}

/** `https://host:port/path` -> scheme and `host:port/path` (shared/ has no URL class). */
function splitScheme(url: string): { scheme: string; rest: string } {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url);
  return m ? { scheme: (m[1] as string).toLowerCase(), rest: m[2] as string } : { scheme: 'http', rest: url };
}

function hostPort(host: string, port: number): string {
  return port === 5060 ? host : `${host}:${port}`;
}

function modelOf(input: ProvisioningInput): PhoneModel | undefined {
  return findModel('Grandstream', input.phone.model);
}

/** Line keys exist only among the VPKs. */
function slotProblems(input: ProvisioningInput, model: PhoneModel | undefined): ButtonProblem[] {
  const out: ButtonProblem[] = [];
  for (const b of input.phone.buttons) {
    const slot = keySlot(model, b.key);
    if (slot.section !== 'vpk' && VPK_ONLY_MODES.has(b.type)) {
      out.push({
        key: b.key,
        type: b.type,
        severity: 'error',
        message: `Key ${b.key}${b.label ? ` (${b.label})` : ''}: on the Grandstream ${model?.model ?? ''} this is ${slot.section === 'mpk' ? 'a physical MPK' : 'an expansion-module key'}, which cannot be a line key; it is left out. Put line keys on keys 1 to ${model?.vpk ?? ''}.`,
      });
    }
  }
  return out;
}

export function renderGrandstream(input: ProvisioningInput): string {
  const problems = grandstream.unsupportedButtons(input);
  const mac = input.phone.mac as Mac;
  const model = modelOf(input);
  const items: XmlNode[] = [
    comment(`Deskphone Provisioner configuration for ${formatMac(mac)}${input.phone.model ? ` (${input.phone.model})` : ''}`),
    ...problemNotes(problems).map(comment),
  ];
  const item = (name: string, value: string | number) => items.push(el('item', { name }, [String(value)]));

  const url = splitScheme(input.provisioningUrl);
  item('provisioning.config.protocol', url.scheme === 'https' ? 'HTTPS' : 'HTTP');
  item('provisioning.config.serverPath', url.rest);
  for (const [name, value] of grandstreamFirmwareItems(input)) item(name, value);
  if (input.adminPassword) item('users.admin.password', input.adminPassword);
  for (const [name, value] of grandstreamSettingsItems(
    input,
    renderableLines(input, MAX_LINES).map((l) => l.line),
  ))
    item(name, value);

  for (const { line, account } of renderableLines(input, MAX_LINES)) {
    const a = `account.${line}`;
    item(`${a}.enable`, 'Yes');
    item(`${a}.name`, account.label || account.userName);
    item(`${a}.sip.server.1.address`, hostPort(account.serverHost, account.serverPort));
    item(`${a}.sip.userid`, account.userName);
    item(`${a}.sip.subscriber.userid`, authNameOf(account));
    item(`${a}.sip.subscriber.password`, account.password);
    item(`${a}.sip.subscriber.name`, account.displayName || account.userName);
    item(`${a}.sip.transport`, TRANSPORT[account.transport]);
    item(`${a}.sip.registration`, 'Yes');
    if (account.voicemail) item(`${a}.sip.voicemail.number`, account.voicemail);
  }
  for (const b of renderableButtons(input, problems)) {
    const { section, index } = keySlot(model, b.key);
    const k = `pks.${section}.${index}`;
    item(`${k}.keyMode`, GRANDSTREAM_BUTTON_CODES[b.type] ?? 'None');
    // VPKs number accounts from 0; MPKs and module keys name them (grp2614 template comments).
    item(`${k}.account`, section === 'vpk' ? b.line - 1 : `Account${b.line}`);
    item(`${k}.description`, b.label);
    item(`${k}.value`, b.value);
  }
  return renderXml(el('gs_provision', { version: '1' }, [el('mac', {}, [mac]), el('config', { version: '2' }, items)]));
}

export function parseGrandstream(files: ReadonlyMap<string, string>, mac: Mac, modelName = ''): ParsedConfig {
  const problems: string[] = [];
  const values = new Map<string, string>();
  const text = files.get(`cfg${mac}.xml`);
  if (text === undefined) problems.push(`cfg${mac}.xml was not received`);
  else {
    try {
      const root = parseXml(text);
      if (root.name !== 'gs_provision') problems.push(`the root is <${root.name}>, not <gs_provision>`);
      const inFile = elements(root, 'mac')[0];
      if (inFile && textOf(inFile).toLowerCase() !== mac) problems.push(`the file is for MAC ${textOf(inFile)}, not ${mac}`);
      const config = elements(root, 'config')[0];
      if (!config) problems.push('no <config> element');
      else if (config.attrs['version'] !== '2')
        problems.push(`<config version="${config.attrs['version'] ?? ''}">: named items need version 2`);
      for (const e of config ? elements(config) : []) {
        const name = e.attrs['name'];
        if (e.name === 'item' && name) values.set(name, textOf(e));
        else problems.push(`<${e.name}> is not a named <item>`);
      }
    } catch (error) {
      problems.push(`cfg${mac}.xml: ${(error as Error).message}`);
    }
  }
  const get = (n: string) => values.get(n) ?? '';
  const accounts: ParsedAccount[] = [];
  for (let line = 1; line <= MAX_LINES; line++) {
    const a = `account.${line}`;
    if (get(`${a}.enable`) !== 'Yes') continue;
    const [server, port] = get(`${a}.sip.server.1.address`).split(':');
    accounts.push({
      line,
      userName: get(`${a}.sip.userid`),
      authName: get(`${a}.sip.subscriber.userid`),
      password: get(`${a}.sip.subscriber.password`),
      displayName: get(`${a}.sip.subscriber.name`),
      server: server ?? '',
      port: Number(port ?? 5060),
      transport: TRANSPORT_BACK[get(`${a}.sip.transport`)] ?? 'unknown',
    });
  }
  const model = findModel('Grandstream', modelName);
  const buttons: ParsedButton[] = [];
  for (const name of values.keys()) {
    const m = /^pks\.(vpk|mpk|ext)\.(\d+)\.keyMode$/.exec(name);
    if (!m) continue;
    const section = m[1] as KeySection;
    const prefix = `pks.${section}.${m[2]}`;
    const type = TYPE_OF_CODE.get(get(name));
    if (!type) {
      problems.push(`${name} = ${get(name)} is not a key mode this app writes`);
      continue;
    }
    const account = get(`${prefix}.account`);
    const line = section === 'vpk' ? Number(account || 0) + 1 : Number(/^Account(\d+)$/.exec(account)?.[1] ?? 1);
    buttons.push({
      key: keyNumber(model, section, Number(m[2])),
      type,
      line,
      label: get(`${prefix}.description`),
      value: get(`${prefix}.value`),
    });
  }
  buttons.sort((a, b) => a.key - b.key);
  const path = values.get('provisioning.config.serverPath');
  const scheme = get('provisioning.config.protocol') === 'HTTPS' ? 'https' : 'http';
  return {
    accounts,
    buttons,
    problems,
    settings: parseGrandstreamSettings(values),
    ...(path ? { provisioningUrl: `${scheme}://${path}` } : {}),
  };
}

function file(name: string, render: ServedFile['render']): ServedFile {
  return { name, role: 'boot', provides: ['boot', 'account', 'buttons'], secret: true, contentType: CONTENT_XML, render };
}

export const grandstream: VendorPlugin = {
  id: 'grandstream',
  name: 'Grandstream',
  recognition: {
    oui: ['000B82', '144CFF', 'C074AD', 'EC74D7'],
    userAgents: [/\bGrandstream\b/i],
    pnpVendors: ['grandstream'],
    names: ['grandstream', 'grandstream networks'],
  },
  buttonCodes: GRANDSTREAM_BUTTON_CODES,
  maxLines: MAX_LINES,
  labelsPerKey: true,
  // wazo-provd-plugins wazo_grandstream/common/common.py: standard_sip_synchronize's default, check-sync.
  resyncEvent: 'check-sync',
  firmware: {
    userAgent: (mac, model, firmware) => `Grandstream Model HW ${model} SW ${firmware} DevId ${mac}`,
    defaultModel: 'GXP2135',
    defaultFirmware: '1.0.11.79',
    pnpVendor: 'Grandstream',
  },
  servedFiles: (mac) => [`cfg${mac}.xml`],
  bootFileName: (mac) => `cfg${mac}.xml`,
  fileFor(name, mac) {
    return name.toLowerCase() === `cfg${mac}.xml` ? file(name, renderGrandstream) : undefined;
  },
  isProbe(name, mac) {
    const lower = name.toLowerCase();
    // The firmware also tries cfg<mac> (binary), cfg<model>.xml and cfg.xml, and firmware images.
    return lower === `cfg${mac}` || /^cfg[a-z0-9]*\.xml$/.test(lower) || /\.bin$/.test(lower);
  },
  unsupportedButtons: (input) =>
    buttonProblems(grandstream, input, {
      extra: (i, model) => [...slotProblems(i, model), ...grandstreamSettingsProblems(i)],
    }),
  parseBack: parseGrandstream,
};
