/**
 * The SIP OPTIONS probe of a discovery sweep: phones answer it with their User-Agent. Messages
 * are read and built with shared/sip/message.ts (lenient mode for what comes off the LAN).
 */
import { headerText, serialize, type SipMessage } from '../sip/message';

export interface OptionsProbe {
  targetIp: string;
  localIp: string;
  localPort: number;
  callId: string;
  branch: string;
  tag: string;
}

/** A SIP OPTIONS request to `sip:<ip>`: phones answer it with their User-Agent. */
export function buildOptions(p: OptionsProbe): string {
  return serialize(`OPTIONS sip:${p.targetIp}:5060 SIP/2.0`, [
    ['Via', `SIP/2.0/UDP ${p.localIp}:${p.localPort};branch=z9hG4bK${p.branch};rport`],
    ['Max-Forwards', '70'],
    ['From', `<sip:discovery@${p.localIp}>;tag=${p.tag}`],
    ['To', `<sip:${p.targetIp}>`],
    ['Call-ID', p.callId],
    ['CSeq', '1 OPTIONS'],
    ['Accept', 'application/sdp'],
    ['User-Agent', 'Deskphone Provisioner discovery'],
  ]);
}

/** What an answer to OPTIONS says about the device: its User-Agent, else its Server header. */
export function agentOf(msg: SipMessage): string {
  return headerText(msg, 'user-agent') || headerText(msg, 'server');
}
