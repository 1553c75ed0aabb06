/**
 * The default dialect: the seeds' BootFile (`<mac>.boot`, Yealink's common `y000000000000.boot`, or
 * `BootFile`), ACC.cfg and BTN.cfg, written in Yealink's `key = value` syntax and key names, so a
 * Yealink phone reads them as they are. ACC.cfg also carries the site's phone settings (dial plan,
 * time, display, web passwords) in Yealink's keys (shared/vendors/yealink/settings.ts).
 */
import type { Button } from '../domain/button';
import { formatMac, type Mac } from '../mac';
import { cfgValue, cfgValueOrNull } from '../vendors/common/cfgValue';
import { renderCfg, type CfgLine } from '../config/cfgSyntax';
import type { ProvisioningInput } from '../config/provisioningInput';
import { YEALINK_KEY_TYPE } from '../config/yealinkCodes';
import { yealinkAccountLines, yealinkHotdeskLines } from '../config/yealinkAccounts';
import { yealinkPasswordLines, yealinkSettingsLines } from '../vendors/yealink/settings';
import type { Dialect, ServedFile } from './types';
import { CONTENT_CFG } from './servedFile';

export const ACC_FILE = 'ACC.cfg';
export const BTN_FILE = 'BTN.cfg';

const pair = (key: string, value: string | number): CfgLine => ({ kind: 'pair', key, value: cfgValue(value) });
const comment = (text: string): CfgLine => ({ kind: 'comment', text });

export function bootFileName(mac: Mac): string {
  return `${mac}.boot`;
}

export function renderBootFile(input: ProvisioningInput): string {
  const { phone } = input;
  return renderCfg([
    comment(`Deskphone Provisioner BootFile for ${formatMac(phone.mac as Mac)}`),
    pair('deskphone.model', phone.model || 'unknown'),
    pair('deskphone.user_type', phone.userType),
    pair('static.auto_provision.server.url', input.provisioningUrl),
    pair('static.auto_provision.pnp_enable', 0),
    { kind: 'include', file: ACC_FILE },
    { kind: 'include', file: BTN_FILE },
    pair('overwrite_mode', 1),
  ]);
}

export function renderAccCfg(input: ProvisioningInput): string {
  const accounts = input.phone.userType === 'hotdesk' ? yealinkHotdeskLines(input.callServer) : yealinkAccountLines(input.lines);
  const site = [...yealinkPasswordLines(input.adminPassword, input.settings?.userPassword), ...yealinkSettingsLines(input.settings)];
  return renderCfg([
    comment('SIP accounts and call server'),
    ...accounts,
    ...(site.length > 0 ? [comment('Site phone settings'), ...site] : []),
  ]);
}

/** The phone's keys as served: a hot-desk phone always gets a login key. */
export function effectiveButtons(input: ProvisioningInput): Button[] {
  const buttons = input.phone.buttons;
  if (input.phone.userType !== 'hotdesk' || buttons.some((b) => b.type === 'hotdesk_login')) return buttons;
  const rest = buttons.filter((b) => b.key !== 1);
  return [{ key: 1, type: 'hotdesk_login', value: '', label: 'Hot desk', line: 1 }, ...rest];
}

export function renderBtnCfg(input: ProvisioningInput): string {
  const lines: CfgLine[] = [comment('Button map')];
  for (const b of effectiveButtons(input)) {
    const k = `linekey.${b.key}`;
    lines.push(pair(`${k}.type`, YEALINK_KEY_TYPE[b.type]), pair(`${k}.line`, b.line));
    lines.push(pair(`${k}.value`, cfgValueOrNull(b.value)), pair(`${k}.label`, cfgValueOrNull(b.label)));
  }
  return renderCfg(lines);
}

export const defaultDialect: Dialect = {
  id: 'default',
  bootFileName,
  fileFor(name: string, mac: Mac): ServedFile | undefined {
    const lower = name.toLowerCase();
    if (lower === `${mac}.boot` || lower === 'y000000000000.boot' || lower === 'bootfile') {
      return { name, role: 'boot', provides: ['boot'], secret: false, contentType: CONTENT_CFG, render: renderBootFile };
    }
    if (lower === ACC_FILE.toLowerCase()) {
      return { name, role: 'account', provides: ['account'], secret: true, contentType: CONTENT_CFG, render: renderAccCfg };
    }
    if (lower === BTN_FILE.toLowerCase()) {
      return { name, role: 'buttons', provides: ['buttons'], secret: false, contentType: CONTENT_CFG, render: renderBtnCfg };
    }
    return undefined;
  },
};
