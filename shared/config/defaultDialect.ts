/**
 * The default dialect: the seeds' BootFile, ACC.cfg and BTN.cfg, written in Yealink's
 * `key = value` syntax and key names, so a Yealink phone reads them as they are.
 */
import { authNameOf } from '../domain/account';
import type { Button } from '../domain/button';
import { formatMac, type Mac } from '../mac';
import { renderCfg, type CfgLine } from './cfgSyntax';
import type { ProvisioningInput } from './provisioningInput';
import { YEALINK_KEY_TYPE, YEALINK_TRANSPORT } from './yealinkCodes';

export const ACC_FILE = 'ACC.cfg';
export const BTN_FILE = 'BTN.cfg';

const pair = (key: string, value: string | number): CfgLine => ({ kind: 'pair', key, value: String(value) });
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
  const lines: CfgLine[] = [comment('SIP accounts and call server')];
  if (input.phone.userType === 'hotdesk') {
    const s = input.callServer;
    lines.push(
      comment('Hot-desk phone: no personal account; a user logs in with the hot-desk key'),
      pair('account.1.enable', 0),
      pair('account.1.sip_server.1.address', s.host),
      pair('account.1.sip_server.1.port', s.port),
      pair('account.1.sip_server.1.transport_type', YEALINK_TRANSPORT[s.transport]),
    );
    return renderCfg(lines);
  }
  for (const { line: n, account } of input.lines) {
    const a = `account.${n}`;
    lines.push(
      pair(`${a}.enable`, 1),
      pair(`${a}.label`, account.label || account.userName),
      pair(`${a}.display_name`, account.displayName || account.userName),
      pair(`${a}.auth_name`, authNameOf(account)),
      pair(`${a}.user_name`, account.userName),
      pair(`${a}.password`, account.password),
      pair(`${a}.sip_server.1.address`, account.serverHost),
      pair(`${a}.sip_server.1.port`, account.serverPort),
      pair(`${a}.sip_server.1.transport_type`, YEALINK_TRANSPORT[account.transport]),
      pair(`${a}.sip_server.1.expires`, account.expires),
      pair(`${a}.subscribe_mwi`, account.voicemail ? 1 : 0),
    );
    if (account.voicemail) lines.push(pair(`voice_mail.number.${n}`, account.voicemail));
  }
  return renderCfg(lines);
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
    lines.push(pair(`${k}.value`, b.value === '' ? '%NULL%' : b.value));
    lines.push(pair(`${k}.label`, b.label === '' ? '%NULL%' : b.label));
  }
  return renderCfg(lines);
}
