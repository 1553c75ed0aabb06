/**
 * The default dialect: the seeds' BootFile, ACC.cfg and BTN.cfg, written in Yealink's
 * `key = value` syntax and key names, so a Yealink phone reads them as they are.
 */
import type { Button } from '../domain/button';
import { formatMac, type Mac } from '../mac';
import { cfgValue, cfgValueOrNull } from '../vendors/common/cfgValue';
import { renderCfg, type CfgLine } from './cfgSyntax';
import type { ProvisioningInput } from './provisioningInput';
import { YEALINK_KEY_TYPE } from './yealinkCodes';
import { yealinkAccountLines, yealinkHotdeskLines } from './yealinkAccounts';

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
  return renderCfg([comment('SIP accounts and call server'), ...accounts]);
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
