/**
 * Snom: the setting URL leads to `snom<model>.htm` or `snom<model>-<MAC>.htm`, a short
 * `<setting-files>` list naming the phone's own `<MAC>.xml` (upper-case MAC, as wazo-provd's Snom
 * plugin writes it), which holds `<phone-settings>` (identities `user_*` with `idx`) and
 * `<functionKeys>` (`<fkey idx="0">type value</fkey>`, keys numbered from 0).
 */
import { authNameOf } from '../../domain/account';
import type { ButtonType } from '../../domain/button';
import type { ProvisioningInput } from '../../config/provisioningInput';
import type { ParsedAccount, ParsedButton, ParsedConfig } from '../../dialects/types';
import { formatMac, type Mac } from '../../mac';
import { comment, el, elements, parseXml, renderXml, textOf, type XmlNode } from '../../xml/xml';
import type { VendorPlugin } from '../common/plugin';
import { buttonProblems, problemNotes, renderableButtons, renderableLines } from '../common/problems';
import { SNOM_BUTTON_CODES } from './codes';
import { snomFirmwareSettings } from './firmware';
import { CONTENT_XML, fileMaker } from '../../dialects/servedFile';
import { parseSnomSettings, snomSettingsElements, snomSettingsProblems } from './settings';

const MAX_LINES = 12;

const upperMac = (mac: Mac) => mac.toUpperCase();
export const snomSettingsFile = (mac: Mac) => `${upperMac(mac)}.xml`;

export function renderSnomSettingFiles(input: ProvisioningInput): string {
  const base = input.provisioningUrl.endsWith('/') ? input.provisioningUrl : `${input.provisioningUrl}/`;
  return renderXml(el('setting-files', {}, [el('file', { url: `${base}${snomSettingsFile(input.phone.mac as Mac)}` })]));
}

function hostPort(host: string, port: number): string {
  return port === 5060 ? host : `${host}:${port}`;
}

export function renderSnomSettings(input: ProvisioningInput): string {
  const problems = snom.unsupportedButtons(input);
  const R = { perm: 'R' };
  const settings: XmlNode[] = [
    comment(
      `Deskphone Provisioner configuration for ${formatMac(input.phone.mac as Mac)}${input.phone.model ? ` (${input.phone.model})` : ''}`,
    ),
    ...problemNotes(problems).map(comment),
    el('setting_server', { perm: 'RW' }, [input.provisioningUrl]),
  ];
  settings.push(...snomFirmwareSettings(input));
  if (input.adminPassword) {
    settings.push(
      el('http_user', R, ['admin']),
      el('http_pass', R, [input.adminPassword]),
      el('admin_mode_password', R, [input.adminPassword]),
    );
  }
  settings.push(
    ...snomSettingsElements(
      input,
      renderableLines(input, MAX_LINES).map((l) => l.line),
    ),
  );
  for (const { line: n, account } of renderableLines(input, MAX_LINES)) {
    const at = { idx: n, perm: 'R' };
    settings.push(
      el('user_active', at, ['on']),
      el('user_idle_text', at, [account.label || account.userName]),
      el('user_realname', at, [account.displayName || account.userName]),
      el('user_name', at, [account.userName]),
      el('user_pname', at, [authNameOf(account)]),
      el('user_pass', at, [account.password]),
      el('user_host', at, [hostPort(account.serverHost, account.serverPort)]),
      el('user_outbound', at, [`${account.serverHost}:${account.serverPort};transport=${account.transport}`]),
      el('user_expiry', at, [String(account.expires)]),
    );
    if (account.voicemail) settings.push(el('user_mailbox', at, [account.voicemail]));
  }
  const keys = renderableButtons(input, problems).map((b) => {
    const code = String(SNOM_BUTTON_CODES[b.type] ?? 'none');
    const text = b.value !== '' && !code.startsWith('keyevent') && b.type !== 'line' ? `${code} ${b.value}` : code;
    return el('fkey', { idx: b.key - 1, context: b.type === 'line' ? String(b.line) : 'active', label: b.label, perm: 'R' }, [text]);
  });
  return renderXml(el('settings', {}, [el('phone-settings', { e: '2' }, settings), el('functionKeys', { e: '2' }, keys)]));
}

const CODE_BACK = new Map<string, ButtonType>(Object.entries(SNOM_BUTTON_CODES).map(([type, code]) => [String(code), type as ButtonType]));

export function parseSnom(files: ReadonlyMap<string, string>, mac: Mac): ParsedConfig {
  const problems: string[] = [];
  const name = snomSettingsFile(mac);
  const text = files.get(name) ?? files.get(name.toLowerCase());
  const perIdx = new Map<number, Map<string, string>>();
  const buttons: ParsedButton[] = [];
  let provisioningUrl: string | undefined;
  const global = new Map<string, string>();
  if (text === undefined) problems.push(`${name} was not received`);
  else {
    try {
      const root = parseXml(text);
      if (root.name !== 'settings') problems.push(`${name}: the root is <${root.name}>, not <settings>`);
      for (const e of elements(root, 'phone-settings').flatMap((s) => elements(s))) {
        if (e.name === 'setting_server') provisioningUrl = textOf(e);
        const idx = Number(e.attrs['idx']);
        if (!Number.isInteger(idx) || idx < 1) {
          global.set(e.name, textOf(e));
          continue;
        }
        if (!perIdx.has(idx)) perIdx.set(idx, new Map());
        perIdx.get(idx)?.set(e.name, textOf(e));
      }
      for (const f of elements(root, 'functionKeys').flatMap((s) => elements(s, 'fkey'))) {
        const body = textOf(f);
        const keyevent = /^keyevent\s+\S+/.exec(body)?.[0];
        const code = keyevent ?? body.split(/\s+/)[0] ?? '';
        const value = keyevent ? '' : body.slice(code.length).trim();
        const type = CODE_BACK.get(code);
        if (!type) {
          problems.push(`fkey ${f.attrs['idx']}: "${body}" is not a key this app writes`);
          continue;
        }
        const context = f.attrs['context'] ?? 'active';
        buttons.push({
          key: Number(f.attrs['idx']) + 1,
          type,
          value,
          label: f.attrs['label'] ?? '',
          line: /^\d+$/.test(context) ? Number(context) : 1,
        });
      }
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  const accounts: ParsedAccount[] = [];
  for (const [idx, fields] of [...perIdx].sort((a, b) => a[0] - b[0])) {
    if (fields.get('user_active') !== 'on') continue;
    const [host, port] = (fields.get('user_host') ?? '').split(':');
    const transport = /;transport=(udp|tcp|tls)/.exec(fields.get('user_outbound') ?? '')?.[1] as ParsedAccount['transport'] | undefined;
    accounts.push({
      line: idx,
      userName: fields.get('user_name') ?? '',
      authName: fields.get('user_pname') ?? '',
      password: fields.get('user_pass') ?? '',
      displayName: fields.get('user_realname') ?? '',
      server: host ?? '',
      port: Number(port ?? 5060),
      transport: transport ?? 'unknown',
    });
  }
  buttons.sort((a, b) => a.key - b.key);
  const settings = parseSnomSettings(global, perIdx.get(1));
  return { accounts, buttons, problems, settings, ...(provisioningUrl ? { provisioningUrl } : {}) };
}

const file = fileMaker(CONTENT_XML);

export const snom: VendorPlugin = {
  id: 'snom',
  name: 'Snom',
  recognition: {
    oui: ['000413', '1C7126'],
    userAgents: [/\bsnom/i],
    pnpVendors: ['snom'],
    names: ['snom', 'snom technology'],
  },
  buttonCodes: SNOM_BUTTON_CODES,
  maxLines: MAX_LINES,
  labelsPerKey: true,
  // wazo-provd-plugins wazo_snom/common/common.py (desk phones) and common_dect/common.py (reboot=true).
  resyncEvent: 'check-sync;reboot=false',
  resyncRebootEvent: 'check-sync;reboot=true',
  firmware: {
    userAgent: (mac, model, firmware) => `Mozilla/4.0 (compatible; snom${model}-SIP ${firmware} ${upperMac(mac)})`,
    defaultModel: 'D785',
    defaultFirmware: '10.1.54.13',
    pnpVendor: 'snom',
  },
  servedFiles: (mac, model) => [`snom${model.replace(/[^A-Za-z0-9]/g, '')}-${upperMac(mac)}.htm`, snomSettingsFile(mac)],
  bootFileName: (mac) => `snom-${upperMac(mac)}.htm`,
  fileFor(name, mac) {
    const lower = name.toLowerCase();
    if (lower === `${mac}.xml`) return file(name, 'account', ['account', 'buttons'], true, renderSnomSettings);
    if (new RegExp(`^snom[a-z0-9]*(-${mac})?\\.htm$`).test(lower)) return file(name, 'boot', ['boot'], false, renderSnomSettingFiles);
    return undefined;
  },
  isProbe(name) {
    const lower = name.toLowerCase();
    return /^snom[a-z0-9]*(-firmware)?\.xml$/.test(lower) || /^(gui|web)_lang\.xml$/.test(lower) || /\.bin$/.test(lower);
  },
  unsupportedButtons: (input) => buttonProblems(snom, input, { extra: (i) => snomSettingsProblems(i) }),
  parseBack: parseSnom,
};
