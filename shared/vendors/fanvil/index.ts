/**
 * Fanvil: one file, `<mac>.cfg`, which on current firmware (X-series) is XML `<sysConf>`: the
 * provisioning settings (`<ap>`), the SIP lines (`<sip><line index="n">`) and the DSS keys
 * (`<Fkey index="i">` with Type, Value, Title), as in wazo-provd's Fanvil plugin; the site's phone
 * settings in `<phone>` and `<web>` (./settings.ts). It is the phone's only file: boot and
 * configuration at once. Key layout (./keyLayout.ts): the model's line keys in
 * `<dsskey><dssSide index="1">`, the memory keys after them in `<internal index="page">` pages.
 */
import { authNameOf, type Transport } from '../../domain/account';
import type { ButtonType } from '../../domain/button';
import type { ProvisioningInput } from '../../config/provisioningInput';
import type { ParsedAccount, ParsedButton, ParsedConfig, ServedFile } from '../../dialects/types';
import { formatMac, type Mac } from '../../mac';
import { comment, el, elements, parseXml, renderXml, textOf, type XmlElement, type XmlNode } from '../../xml/xml';
import type { VendorPlugin } from '../common/plugin';
import { buttonProblems, problemNotes, renderableButtons, renderableLines } from '../common/problems';
import { FANVIL_BUTTON_CODES } from './codes';
import { fanvilFirmwareModule } from './firmware';
import { CONTENT_XML } from '../../dialects/servedFile';
import { fanvilDssKeys, parseFanvilDssKeys } from './keyLayout';
import { fanvilPhoneElement, fanvilSettingsProblems, parseFanvilSettings } from './settings';

const MAX_LINES = 6;

const TRANSPORT: Record<Transport, number> = { udp: 0, tcp: 1, tls: 3 };
const TRANSPORT_BACK: Record<string, Transport> = { '0': 'udp', '1': 'tcp', '3': 'tls' };

function fkeyOf(type: ButtonType, value: string, line: number): { type: string; value: string } {
  const code = String(FANVIL_BUTTON_CODES[type] ?? '0');
  if (type === 'line') return { type: code, value: `SIP${line}` };
  const event = /^3:(F_[A-Z]+)$/.exec(code);
  if (event) return { type: '3', value: event[1] as string };
  const [t, suffix] = code.split('/');
  return suffix ? { type: t as string, value: `${value}@${line}/${suffix}` } : { type: code, value: '' };
}

export function renderFanvil(input: ProvisioningInput): string {
  const problems = fanvil.unsupportedButtons(input);
  const mac = input.phone.mac as Mac;
  const t = (name: string, value: string | number) => el(name, {}, [String(value)]);
  const base = input.provisioningUrl.endsWith('/') ? input.provisioningUrl : `${input.provisioningUrl}/`;
  const top: XmlNode[] = [
    comment(`Deskphone Provisioner configuration for ${formatMac(mac)}${input.phone.model ? ` (${input.phone.model})` : ''}`),
    ...problemNotes(problems).map(comment),
    t('Version', '2.0002'),
  ];
  top.push(...fanvilFirmwareModule(input));
  top.push(
    el('ap', {}, [
      t('DownloadCommonConf', 0),
      t('DownloadDeviceConf', 1),
      t('SaveProvisionInfo', 1),
      t('FlashServerIP', base),
      t('FlashFileName', '$mac.cfg'),
      t('FlashProtocol', 4),
      t('FlashMode', 1),
      t('FlashInterval', 1),
      el('pnp', {}, [t('PNPEnable', 0)]),
    ]),
  );
  const phone = fanvilPhoneElement(input);
  if (phone) top.push(phone);
  const web: XmlElement[] = [];
  if (input.adminPassword) web.push(el('account', { index: 1 }, [t('Name', 'admin'), t('Password', input.adminPassword), t('Level', 10)]));
  if (input.settings?.userPassword)
    web.push(el('account', { index: 2 }, [t('Name', 'guest'), t('Password', input.settings.userPassword), t('Level', 5)]));
  if (web.length > 0) top.push(el('web', {}, web));
  const lines = renderableLines(input, MAX_LINES).map(({ line, account }) =>
    el('line', { index: line }, [
      t('PhoneNumber', account.userName),
      t('DisplayName', account.displayName || account.userName),
      t('RegisterAddr', account.serverHost),
      t('RegisterPort', account.serverPort),
      t('RegisterUser', authNameOf(account)),
      t('RegisterPswd', account.password),
      t('RegisterTTL', account.expires),
      t('EnableReg', 1),
      t('Transport', TRANSPORT[account.transport]),
      t('MWINum', account.voicemail),
    ]),
  );
  top.push(el('sip', {}, lines));

  const keys = renderableButtons(input, problems).map((b) => {
    const f = fkeyOf(b.type, b.value, b.line);
    return { key: b.key, fkey: (index: number) => el('Fkey', { index }, [t('Type', f.type), t('Value', f.value), t('Title', b.label)]) };
  });
  top.push(el('dsskey', {}, fanvilDssKeys(input.phone.model, keys)));
  return renderXml(el('sysConf', {}, top));
}

const CODE_BACK = new Map<string, ButtonType>(
  Object.entries(FANVIL_BUTTON_CODES).map(([type, code]) => [String(code), type as ButtonType]),
);

export function parseFanvil(files: ReadonlyMap<string, string>, mac: Mac, model = ''): ParsedConfig {
  const problems: string[] = [];
  const accounts: ParsedAccount[] = [];
  const buttons: ParsedButton[] = [];
  let provisioningUrl: string | undefined;
  let settings: ParsedConfig['settings'];
  const text = files.get(`${mac}.cfg`);
  if (text === undefined) return { accounts, buttons, problems: [`${mac}.cfg was not received`] };
  try {
    const root = parseXml(text);
    if (root.name !== 'sysConf') problems.push(`the root is <${root.name}>, not <sysConf>`);
    const field = (e: XmlElement, name: string) => {
      const c = elements(e, name)[0];
      return c ? textOf(c) : '';
    };
    settings = parseFanvilSettings(root);
    const ap = elements(root, 'ap')[0];
    if (ap) provisioningUrl = field(ap, 'FlashServerIP');
    for (const line of elements(root, 'sip').flatMap((s) => elements(s, 'line'))) {
      if (field(line, 'EnableReg') !== '1') continue;
      accounts.push({
        line: Number(line.attrs['index']),
        userName: field(line, 'PhoneNumber'),
        authName: field(line, 'RegisterUser'),
        password: field(line, 'RegisterPswd'),
        displayName: field(line, 'DisplayName'),
        server: field(line, 'RegisterAddr'),
        port: Number(field(line, 'RegisterPort') || 5060),
        transport: TRANSPORT_BACK[field(line, 'Transport')] ?? 'unknown',
      });
    }
    for (const { key, fkey } of parseFanvilDssKeys(root, model, problems)) {
      const typeCode = field(fkey, 'Type');
      const value = field(fkey, 'Value');
      const label = field(fkey, 'Title');
      let parsed: ParsedButton | undefined;
      if (typeCode === '2') {
        const m = /^SIP(\d+)$/.exec(value);
        parsed = { key, type: 'line', value: '', label, line: Number(m?.[1] ?? 1) };
      } else if (typeCode === '3') {
        const type = CODE_BACK.get(`3:${value}`);
        if (type) parsed = { key, type, value: '', label, line: 1 };
      } else if (typeCode === '0') {
        parsed = { key, type: 'none', value: '', label, line: 1 };
      } else {
        const m = /^(.*)@(\d+)\/([a-z]+)$/.exec(value);
        const type = m ? CODE_BACK.get(`${typeCode}/${m[3]}`) : undefined;
        if (m && type) parsed = { key, type, value: m[1] as string, label, line: Number(m[2]) };
      }
      if (parsed) buttons.push(parsed);
      else problems.push(`DSS key ${key}: type ${typeCode} "${value}" is not a key this app writes`);
    }
  } catch (error) {
    problems.push(`${mac}.cfg: ${(error as Error).message}`);
  }
  accounts.sort((a, b) => a.line - b.line);
  buttons.sort((a, b) => a.key - b.key);
  return { accounts, buttons, problems, ...(settings ? { settings } : {}), ...(provisioningUrl ? { provisioningUrl } : {}) };
}

export const fanvil: VendorPlugin = {
  id: 'fanvil',
  name: 'Fanvil',
  recognition: {
    oui: ['0C383E'],
    userAgents: [/\bFanvil\b/i],
    pnpVendors: ['fanvil'],
    names: ['fanvil'],
  },
  buttonCodes: FANVIL_BUTTON_CODES,
  maxLines: MAX_LINES,
  labelsPerKey: true,
  // wazo-provd-plugins wazo_fanvil/common/common.py: standard_sip_synchronize's default, check-sync.
  resyncEvent: 'check-sync',
  firmware: {
    userAgent: (mac, model, firmware) => `Fanvil ${model} ${firmware} ${mac}`,
    defaultModel: 'X5U',
    defaultFirmware: '2.12.16.17',
    pnpVendor: 'Fanvil',
  },
  servedFiles: (mac) => [`${mac}.cfg`],
  bootFileName: (mac) => `${mac}.cfg`,
  fileFor(name, mac): ServedFile | undefined {
    if (name.toLowerCase() !== `${mac}.cfg`) return undefined;
    return { name, role: 'boot', provides: ['boot', 'account', 'buttons'], secret: true, contentType: CONTENT_XML, render: renderFanvil };
  },
  isProbe(name, mac) {
    const lower = name.toLowerCase();
    // Common per-model files and firmware images; never another phone's <mac>.cfg.
    return (/\.cfg$/.test(lower) && !/^[0-9a-f]{12}\.cfg$/.test(lower) && lower !== `${mac}.cfg`) || /\.(bin|z)$/.test(lower);
  },
  unsupportedButtons: (input) => buttonProblems(fanvil, input, { extra: (i) => fanvilSettingsProblems(i) }),
  parseBack: parseFanvil,
};
