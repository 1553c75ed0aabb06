/**
 * Grandstream: one file, `cfg<mac>.xml`, `<gs_provision version="1"><config version="1">` with
 * P-values (FORMATS.md section 4): the accounts, the provisioning and firmware servers, the admin
 * password and the multi-purpose keys (`P{23000+(n-1)*5}` type, +1 account, +2 label, +3 value).
 * It is the phone's only file, so it is both its boot file and its configuration.
 */
import { authNameOf, type Transport } from '../../domain/account';
import type { ProvisioningInput } from '../../config/provisioningInput';
import type { ButtonType } from '../../domain/button';
import type { ParsedAccount, ParsedButton, ParsedConfig, ServedFile } from '../../dialects/types';
import { formatMac, type Mac } from '../../mac';
import { comment, el, elements, parseXml, renderXml, textOf, type XmlNode } from '../../xml/xml';
import type { VendorPlugin } from '../common/plugin';
import { buttonProblems, problemNotes, renderableButtons, renderableLines } from '../common/problems';
import { GRANDSTREAM_BUTTON_CODES } from './codes';
import { grandstreamFirmwareP } from './firmware';
import { CONTENT_XML } from '../../dialects/servedFile';

/**
 * P-values of accounts 1 to 4. Account 1 is FORMATS.md section 4; accounts 2 to 4 follow the
 * GXP21xx template's 4xx/5xx/6xx blocks (docs/DECISIONS.md: check against the template).
 */
const ACCOUNT_P = [
  { active: 271, name: 270, server: 47, userId: 35, authId: 36, password: 34, display: 3, voicemail: 33, transport: 130 },
  { active: 401, name: 417, server: 402, userId: 404, authId: 405, password: 406, display: 407, voicemail: 426, transport: 448 },
  { active: 501, name: 517, server: 502, userId: 504, authId: 505, password: 506, display: 507, voicemail: 526, transport: 548 },
  { active: 601, name: 617, server: 602, userId: 604, authId: 605, password: 606, display: 607, voicemail: 626, transport: 648 },
] as const;
const MAX_LINES = ACCOUNT_P.length;

const TRANSPORT: Record<Transport, number> = { udp: 0, tcp: 1, tls: 2 };
const TRANSPORT_BACK: Record<string, Transport> = { '0': 'udp', '1': 'tcp', '2': 'tls' };

/** P-value number of field `offset` (0 type, 1 account, 2 label, 3 value) of multi-purpose key n. */
export const mpkP = (key: number, offset: number): number => 23000 + (key - 1) * 5 + offset;

const TYPE_OF_CODE = new Map<string, ButtonType>(
  Object.entries(GRANDSTREAM_BUTTON_CODES).map(([type, code]) => [String(code), type as ButtonType]),
);

/** `https://host:port/path` -> scheme and `host:port/path` (shared/ has no URL class). */
function splitScheme(url: string): { scheme: string; rest: string } {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url);
  return m ? { scheme: (m[1] as string).toLowerCase(), rest: m[2] as string } : { scheme: 'http', rest: url };
}

function hostPort(host: string, port: number): string {
  return port === 5060 ? host : `${host}:${port}`;
}

export function renderGrandstream(input: ProvisioningInput): string {
  const problems = grandstream.unsupportedButtons(input);
  const mac = input.phone.mac as Mac;
  const items: XmlNode[] = [
    comment(`Deskphone Provisioner configuration for ${formatMac(mac)}${input.phone.model ? ` (${input.phone.model})` : ''}`),
    ...problemNotes(problems).map(comment),
  ];
  const p = (n: number, value: string | number) => items.push(el(`P${n}`, {}, [String(value)]));

  const url = splitScheme(input.provisioningUrl);
  // P212: config upgrade via 1 HTTP / 2 HTTPS; P237: config server path, without the scheme.
  p(212, url.scheme === 'https' ? 2 : 1);
  p(237, url.rest);
  for (const [n, value] of grandstreamFirmwareP(input)) p(n, value);
  if (input.adminPassword) p(2, input.adminPassword);

  for (const { line, account } of renderableLines(input, MAX_LINES)) {
    const a = ACCOUNT_P[line - 1];
    if (!a) continue;
    p(a.active, 1);
    p(a.name, account.label || account.userName);
    p(a.server, hostPort(account.serverHost, account.serverPort));
    p(a.userId, account.userName);
    p(a.authId, authNameOf(account));
    p(a.password, account.password);
    p(a.display, account.displayName || account.userName);
    p(a.transport, TRANSPORT[account.transport]);
    if (account.voicemail) p(a.voicemail, account.voicemail);
  }
  for (const b of renderableButtons(input, problems)) {
    p(mpkP(b.key, 0), GRANDSTREAM_BUTTON_CODES[b.type] ?? 'None');
    p(mpkP(b.key, 1), b.line - 1);
    p(mpkP(b.key, 2), b.label);
    p(mpkP(b.key, 3), b.value);
  }
  return renderXml(el('gs_provision', { version: '1' }, [el('mac', {}, [mac]), el('config', { version: '1' }, items)]));
}

export function parseGrandstream(files: ReadonlyMap<string, string>, mac: Mac): ParsedConfig {
  const problems: string[] = [];
  const values = new Map<number, string>();
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
      for (const e of config ? elements(config) : []) {
        const m = /^P(\d+)$/.exec(e.name);
        if (m) values.set(Number(m[1]), textOf(e));
        else problems.push(`<${e.name}> is not a P-value`);
      }
    } catch (error) {
      problems.push(`cfg${mac}.xml: ${(error as Error).message}`);
    }
  }
  const get = (n: number) => values.get(n) ?? '';
  const accounts: ParsedAccount[] = [];
  ACCOUNT_P.forEach((a, i) => {
    if (get(a.active) !== '1') return;
    const [server, port] = get(a.server).split(':');
    accounts.push({
      line: i + 1,
      userName: get(a.userId),
      authName: get(a.authId),
      password: get(a.password),
      displayName: get(a.display),
      server: server ?? '',
      port: Number(port ?? 5060),
      transport: TRANSPORT_BACK[get(a.transport)] ?? 'unknown',
    });
  });
  const buttons: ParsedButton[] = [];
  for (const n of values.keys()) {
    if (n < 23000 || (n - 23000) % 5 !== 0) continue;
    const key = (n - 23000) / 5 + 1;
    const type = TYPE_OF_CODE.get(get(n));
    if (!type) {
      problems.push(`P${n} = ${get(n)} is not a key mode this app writes`);
      continue;
    }
    buttons.push({ key, type, line: Number(get(n + 1) || 0) + 1, label: get(n + 2), value: get(n + 3) });
  }
  buttons.sort((a, b) => a.key - b.key);
  const path = values.get(237);
  const scheme = get(212) === '2' ? 'https' : 'http';
  return { accounts, buttons, problems, ...(path ? { provisioningUrl: `${scheme}://${path}` } : {}) };
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
  unsupportedButtons: (input) => buttonProblems(grandstream, input),
  parseBack: parseGrandstream,
};
