/**
 * Poly (Polycom UC Software): the master config `000000000000.cfg` (or `<mac>.cfg`) names the
 * firmware and the config files; `<mac>-user.cfg` is the phone's XML with the registrations, the
 * BLF/park resource list and the flexible line-key layout; speed dials live in the phone's
 * directory `<mac>-directory.xml`, which the phone fetches on its own (FORMATS.md section 3).
 */
import { authNameOf, type Transport } from '../../domain/account';
import type { ProvisioningInput } from '../../config/provisioningInput';
import type { ParsedAccount, ParsedButton, ParsedConfig } from '../../dialects/types';
import { formatMac, type Mac } from '../../mac';
import { comment, el, elements, parseXml, renderXml, textOf, walk, type XmlElement } from '../../xml/xml';
import type { VendorPlugin } from '../common/plugin';
import { buttonProblems, problemNotes, renderableButtons, renderableLines } from '../common/problems';
import { POLY_BUTTON_CODES, POLY_FIXED_KEYS } from './codes';
import { polyAppFilePath } from './firmware';
import { CONTENT_XML, fileMaker } from '../../dialects/servedFile';
import { parsePolySettings, polySettingsAttributes, polySettingsProblems } from './settings';

const MAX_LINES = 12;
const MASTER = '000000000000.cfg';
const MAC_PLACEHOLDER = '[PHONE_MAC_ADDRESS]';

const TRANSPORT: Record<Transport, string> = { udp: 'UDPOnly', tcp: 'TCPOnly', tls: 'TLS' };
const TRANSPORT_BACK: Record<string, Transport> = { UDPOnly: 'udp', TCPOnly: 'tcp', TLS: 'tls' };

export function renderPolyMaster(input: ProvisioningInput, macInNames: string = MAC_PLACEHOLDER): string {
  return renderXml(
    el('APPLICATION', {
      APP_FILE_PATH: polyAppFilePath(input),
      CONFIG_FILES: `${macInNames}-user.cfg, common.cfg`,
      MISC_FILES: '',
      LOG_FILE_DIRECTORY: '',
      OVERRIDES_DIRECTORY: '',
      CONTACTS_DIRECTORY: '',
      LICENSE_DIRECTORY: '',
    }),
  );
}

export function renderPolyCommon(): string {
  return renderXml(el('polycomConfig', {}, [comment("Deskphone Provisioner: this site's settings are in each phone's <mac>-user.cfg")]));
}

interface Layout {
  keys: { key: number; category: string; index: number }[];
  resources: { address: string; label: string; type: 'normal' | 'automata' }[];
  speedDials: { label: string; number: string }[];
  lineKeysPerReg: Map<number, number>;
}

function layoutOf(input: ProvisioningInput): Layout {
  const layout: Layout = { keys: [], resources: [], speedDials: [], lineKeysPerReg: new Map() };
  for (const b of renderableButtons(input, poly.unsupportedButtons(input))) {
    switch (b.type) {
      case 'line':
        layout.keys.push({ key: b.key, category: 'Line', index: b.line });
        layout.lineKeysPerReg.set(b.line, (layout.lineKeysPerReg.get(b.line) ?? 0) + 1);
        break;
      case 'blf':
      case 'park':
        layout.resources.push({ address: b.value, label: b.label || b.value, type: b.type === 'park' ? 'automata' : 'normal' });
        layout.keys.push({ key: b.key, category: 'BLF', index: layout.resources.length });
        break;
      case 'speed_dial':
        layout.speedDials.push({ label: b.label || b.value, number: b.value });
        layout.keys.push({ key: b.key, category: 'SpeedDial', index: layout.speedDials.length });
        break;
      case 'none':
        layout.keys.push({ key: b.key, category: 'Unassigned', index: 0 });
        break;
      default:
        break;
    }
  }
  return layout;
}

export function renderPolyUser(input: ProvisioningInput): string {
  const problems = poly.unsupportedButtons(input);
  const layout = layoutOf(input);
  const children: XmlElement['children'] = [
    comment(
      `Deskphone Provisioner configuration for ${formatMac(input.phone.mac as Mac)}${input.phone.model ? ` (${input.phone.model})` : ''}`,
    ),
    ...problemNotes(problems).map(comment),
  ];
  const device: Record<string, string> = {
    'device.set': '1',
    'device.prov.serverType': input.provisioningUrl.startsWith('https:') ? '3' : '2',
    'device.prov.serverType.set': '1',
    'device.prov.serverName': input.provisioningUrl,
    'device.prov.serverName.set': '1',
  };
  if (input.adminPassword) {
    device['device.auth.localAdminPassword'] = input.adminPassword;
    device['device.auth.localAdminPassword.set'] = '1';
  }
  const site = polySettingsAttributes(input);
  children.push(el('device', { ...device, ...site['device'] }));
  for (const name of ['tcpIpApp', 'dialplan', 'lcl'] as const) if (site[name]) children.push(el(name, site[name]));

  const reg: Record<string, string | number> = {};
  const mwi: Record<string, string> = {};
  for (const { line: n, account } of renderableLines(input, MAX_LINES)) {
    const r = `reg.${n}`;
    Object.assign(reg, {
      [`${r}.displayName`]: account.displayName || account.userName,
      [`${r}.address`]: account.userName,
      [`${r}.label`]: account.label || account.userName,
      [`${r}.type`]: 'private',
      [`${r}.auth.userId`]: authNameOf(account),
      [`${r}.auth.password`]: account.password,
      [`${r}.server.1.address`]: account.serverHost,
      [`${r}.server.1.port`]: account.serverPort,
      [`${r}.server.1.transport`]: TRANSPORT[account.transport],
      [`${r}.server.1.expires`]: account.expires,
      [`${r}.lineKeys`]: Math.max(1, layout.lineKeysPerReg.get(n) ?? 1),
    });
    if (account.voicemail) {
      mwi[`msg.mwi.${n}.callBackMode`] = 'contact';
      mwi[`msg.mwi.${n}.callBack`] = account.voicemail;
    }
  }
  children.push(el('reg', reg));
  if (Object.keys(mwi).length > 0) children.push(el('msg', mwi));

  const attendant: Record<string, string> = {};
  layout.resources.forEach((res, i) => {
    const a = `attendant.resourceList.${i + 1}`;
    attendant[`${a}.address`] = res.address;
    attendant[`${a}.label`] = res.label;
    attendant[`${a}.type`] = res.type;
  });
  if (layout.resources.length > 0) children.push(el('attendant', attendant));

  const keys: Record<string, string | number> = { 'lineKey.reassignment.enabled': 1 };
  for (const k of layout.keys) {
    keys[`lineKey.${k.key}.category`] = k.category;
    keys[`lineKey.${k.key}.index`] = k.index;
  }
  children.push(el('lineKey', keys));
  return renderXml(el('polycomConfig', {}, children));
}

export function renderPolyDirectory(input: ProvisioningInput): string {
  const items = layoutOf(input).speedDials.map((sd, i) =>
    el('item', {}, [el('fn', {}, [sd.label]), el('ct', {}, [sd.number]), el('sd', {}, [String(i + 1)])]),
  );
  return renderXml(el('directory', {}, [el('item_list', {}, items)]));
}

const file = fileMaker(CONTENT_XML);

/** Every `a.b.c="…"` attribute of a Poly config document, whatever element carries it. */
function attributesOf(root: XmlElement): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of walk(root)) for (const [k, v] of Object.entries(e.attrs)) out.set(k, v);
  return out;
}

export function parsePoly(files: ReadonlyMap<string, string>, mac: Mac): ParsedConfig {
  const problems: string[] = [];
  const masterText = files.get(`${mac}.cfg`) ?? files.get(MASTER);
  let configFiles = [`${mac}-user.cfg`];
  if (masterText !== undefined) {
    try {
      const master = parseXml(masterText);
      if (master.name !== 'APPLICATION') problems.push(`the master config's root is <${master.name}>, not <APPLICATION>`);
      configFiles = (master.attrs['CONFIG_FILES'] ?? '')
        .split(',')
        .map((s) => s.trim().replace(MAC_PLACEHOLDER, mac))
        .filter((s) => s !== '');
    } catch (error) {
      problems.push(`master config: ${(error as Error).message}`);
    }
  }
  const attrs = new Map<string, string>();
  for (const name of configFiles) {
    const text = files.get(name);
    if (text === undefined) {
      problems.push(`${name} was not received`);
      continue;
    }
    try {
      const root = parseXml(text);
      if (root.name !== 'polycomConfig') problems.push(`${name}: the root is <${root.name}>, not <polycomConfig>`);
      for (const [k, v] of attributesOf(root)) attrs.set(k, v);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  const speedDials = new Map<number, { label: string; number: string }>();
  const directory = files.get(`${mac}-directory.xml`);
  if (directory !== undefined) {
    try {
      for (const item of walk(parseXml(directory)).filter((e) => e.name === 'item')) {
        const field = (n: string) => {
          const e = elements(item, n)[0];
          return e ? textOf(e) : '';
        };
        speedDials.set(Number(field('sd')), { label: field('fn'), number: field('ct') });
      }
    } catch (error) {
      problems.push(`${mac}-directory.xml: ${(error as Error).message}`);
    }
  }

  const get = (k: string) => attrs.get(k) ?? '';
  const accounts: ParsedAccount[] = [];
  for (const key of attrs.keys()) {
    const m = /^reg\.(\d+)\.address$/.exec(key);
    if (!m) continue;
    const r = `reg.${m[1]}`;
    accounts.push({
      line: Number(m[1]),
      userName: get(`${r}.address`),
      authName: get(`${r}.auth.userId`),
      password: get(`${r}.auth.password`),
      displayName: get(`${r}.displayName`),
      server: get(`${r}.server.1.address`),
      port: Number(get(`${r}.server.1.port`) || 5060),
      transport: TRANSPORT_BACK[get(`${r}.server.1.transport`)] ?? 'unknown',
    });
  }
  const buttons: ParsedButton[] = [];
  for (const key of attrs.keys()) {
    const m = /^lineKey\.(\d+)\.category$/.exec(key);
    if (!m) continue;
    const k = Number(m[1]);
    const index = Number(get(`lineKey.${k}.index`));
    const category = get(key);
    if (category === 'Line') {
      buttons.push({ key: k, type: 'line', value: '', label: get(`reg.${index}.label`), line: index });
    } else if (category === 'BLF') {
      const a = `attendant.resourceList.${index}`;
      if (!attrs.has(`${a}.address`)) problems.push(`lineKey.${k} points at ${a}, which is not in the files`);
      buttons.push({
        key: k,
        type: get(`${a}.type`) === 'automata' ? 'park' : 'blf',
        value: get(`${a}.address`),
        label: get(`${a}.label`),
        line: 1,
      });
    } else if (category === 'SpeedDial') {
      const sd = speedDials.get(index);
      if (!sd) problems.push(`lineKey.${k} is speed dial ${index}, which is not in ${mac}-directory.xml`);
      buttons.push({ key: k, type: 'speed_dial', value: sd?.number ?? '', label: sd?.label ?? '', line: 1 });
    } else if (category === 'Unassigned') {
      buttons.push({ key: k, type: 'none', value: '', label: '', line: 1 });
    } else problems.push(`lineKey.${k}.category "${category}" is not one this app writes`);
  }
  accounts.sort((a, b) => a.line - b.line);
  buttons.sort((a, b) => a.key - b.key);
  const url = attrs.get('device.prov.serverName');
  return { accounts, buttons, problems, settings: parsePolySettings(attrs), ...(url ? { provisioningUrl: url } : {}) };
}

export const poly: VendorPlugin = {
  id: 'poly',
  name: 'Poly',
  recognition: {
    oui: ['0004F2', '64167F', '482567'],
    userAgents: [/\bPolycom/i, /\bPoly\b/i],
    pnpVendors: ['polycom', 'poly'],
    names: ['poly', 'polycom', 'hp poly'],
  },
  buttonCodes: POLY_BUTTON_CODES,
  maxLines: MAX_LINES,
  labelsPerKey: false,
  // wazo-provd-plugins wazo_polycom/common/common.py: standard_sip_synchronize's default, check-sync.
  resyncEvent: 'check-sync',
  firmware: {
    userAgent: (_mac, model, firmware) => `FileTransport PolycomVVX-${model.replace(/\s+/g, '_')}-UA/${firmware}`,
    defaultModel: 'VVX 410',
    defaultFirmware: '5.9.0.9373',
    pnpVendor: 'Polycom',
  },
  servedFiles: (mac) => [MASTER, `${mac}-user.cfg`, 'common.cfg', `${mac}-directory.xml`],
  bootFileName: () => MASTER,
  fileFor(name, mac) {
    const lower = name.toLowerCase();
    if (lower === MASTER) return file(name, 'boot', ['boot'], false, (input) => renderPolyMaster(input));
    if (lower === `${mac}.cfg`) return file(name, 'boot', ['boot'], false, (input) => renderPolyMaster(input, mac));
    if (lower === `${mac}-user.cfg`) return file(name, 'account', ['account', 'buttons'], true, renderPolyUser);
    if (lower === 'common.cfg') return file(name, 'other', ['other'], false, renderPolyCommon);
    if (lower === `${mac}-directory.xml`) return file(name, 'other', ['other'], false, renderPolyDirectory);
    return undefined;
  },
  isProbe(name, mac) {
    const lower = name.toLowerCase();
    return (
      /\.(ld|ver|log)$/.test(lower) ||
      lower === '000000000000-directory.xml' ||
      new RegExp(`^${mac}-(phone|web|license|calls|boot|app)[.-]`).test(lower)
    );
  },
  unsupportedButtons: (input) => buttonProblems(poly, input, { fixedKeys: POLY_FIXED_KEYS, extra: (i) => polySettingsProblems(i) }),
  parseBack: parsePoly,
};
