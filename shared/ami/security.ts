/**
 * Why a registration failed, read from Asterisk's security events (manager.conf `read = security`):
 * `ChallengeResponseFailed` means the digest did not match (wrong password), `InvalidAccountID`
 * means no such endpoint, `InvalidPassword` a wrong password where no challenge was used. Only
 * events of the PJSIP service count (AMI logins raise the same events with Service: AMI).
 * Asterisk 22.10 does not always deliver ChallengeResponseFailed to AMI (seen here: logged
 * "Failed to authenticate", no event), so `ChallengeSent` is read too: a challenge that no
 * `SuccessfulAuth` follows for the same Call-ID within seconds is a refused password as well.
 */
import { eventName, toRecord, type AmiBlock } from './message';

/** `no_answer`: a challenge the phone never answered (worked out by the monitor, no event of its own). */
export type SecurityKind = 'wrong_password' | 'unknown_account' | 'auth_ok' | 'challenged' | 'no_answer';

export interface SecurityFinding {
  kind: SecurityKind;
  /** The account the phone used (endpoint name as Asterisk identified it), '' when unknown. */
  account: string;
  ip: string;
  port: number;
  transport: string;
  /** SIP Call-ID of the attempt: ties a later `<unknown>` event to its InvalidAccountID. */
  sessionId: string;
}

/** `IPV4/UDP/127.0.0.1/5062` (or IPV6/UDP/::1/5062) -> parts. */
export function parseSecurityAddress(value: string): { transport: string; ip: string; port: number } | undefined {
  const m = /^IPV[46]\/([A-Za-z]+)\/(.+)\/(\d+)$/.exec(value.trim());
  if (!m) return undefined;
  return { transport: (m[1] as string).toLowerCase(), ip: (m[2] as string).replace(/^\[|\]$/g, ''), port: Number(m[3]) };
}

const KIND_OF_EVENT: Record<string, SecurityKind> = {
  ChallengeResponseFailed: 'wrong_password',
  InvalidPassword: 'wrong_password',
  InvalidAccountID: 'unknown_account',
  SuccessfulAuth: 'auth_ok',
  ChallengeSent: 'challenged',
};

export function readSecurityEvent(block: AmiBlock): SecurityFinding | undefined {
  const name = eventName(block);
  const kind = name ? KIND_OF_EVENT[name] : undefined;
  if (!kind) return undefined;
  const r = toRecord(block);
  if ((r['Service'] ?? '').toUpperCase() !== 'PJSIP') return undefined;
  const remote = parseSecurityAddress(r['RemoteAddress'] ?? '');
  if (!remote) return undefined;
  const account = r['AccountID'] ?? '';
  return { kind, account: account === '<unknown>' ? '' : account, ...remote, sessionId: r['SessionID'] ?? '' };
}

/** Words a technician can act on, for the phone's timeline. */
export function securityReason(finding: SecurityFinding, pbx: string): string {
  const from = `${finding.ip}:${finding.port}`;
  switch (finding.kind) {
    case 'wrong_password':
      return `Wrong password: ${pbx} refused the password for account ${finding.account || '(unknown)'} sent from ${from}. Check the account's password in the app matches the PBX, then re-provision the phone.`;
    case 'no_answer':
      return `No answer to the challenge: the phone never answered ${pbx}'s digest challenge for account ${finding.account || '(unknown)'} (from ${from}); it may not support the digest algorithm offered. Offer MD5 in the account's PJSIP auth (supported_algorithms_uas = MD5, the export's default) and re-provision; this is not a wrong password.`;
    case 'unknown_account':
      return `Unknown account: ${pbx} has no endpoint "${finding.account}" (REGISTER from ${from}). Create it on the PBX (export the PJSIP config from the app) or assign an existing extension.`;
    case 'auth_ok':
      return `Authenticated as ${finding.account} from ${from}.`;
    case 'challenged':
      return `Challenged ${finding.account} from ${from}.`;
  }
}
