/**
 * Yealink's account keys (FORMATS.md section 2), written once for both files that carry them: the
 * seeds' ACC.cfg (default dialect) and the Yealink plugin's per-MAC file.
 */
import { authNameOf } from '../domain/account';
import { cfgValue } from '../vendors/common/cfgValue';
import type { CfgLine } from './cfgSyntax';
import type { ProvisioningInput, ResolvedLine } from './provisioningInput';
import { YEALINK_TRANSPORT } from './yealinkCodes';

const pair = (key: string, value: string | number): CfgLine => ({ kind: 'pair', key, value: cfgValue(value) });

/** A hot-desk phone: no personal account, only the call server a user logs in to. */
export function yealinkHotdeskLines(server: ProvisioningInput['callServer']): CfgLine[] {
  return [
    { kind: 'comment', text: 'Hot-desk phone: no personal account; a user logs in with the hot-desk key' },
    pair('account.1.enable', 0),
    pair('account.1.sip_server.1.address', server.host),
    pair('account.1.sip_server.1.port', server.port),
    pair('account.1.sip_server.1.transport_type', YEALINK_TRANSPORT[server.transport]),
  ];
}

export function yealinkAccountLines(lines: readonly ResolvedLine[]): CfgLine[] {
  const out: CfgLine[] = [];
  for (const { line: n, account } of lines) {
    const a = `account.${n}`;
    out.push(
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
    if (account.voicemail) out.push(pair(`voice_mail.number.${n}`, account.voicemail));
  }
  return out;
}
