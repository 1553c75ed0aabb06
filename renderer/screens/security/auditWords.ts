/** The audit log in words: why a request was refused, and what the text filter looks through. */
import type { AuditEntry, AuditReason } from '../../../shared/security/audit';

export const REASON_WORDS: Record<AuditReason, string> = {
  unknown_token: 'unknown token',
  unknown_mac: 'unknown MAC',
  bad_serial: 'wrong serial number',
  digest_missing: 'no user name and password sent (asked for them)',
  digest_failed: 'wrong user name or password',
  digest_no_credentials: 'no credentials for the phone’s site',
  phone_locked: 'phone locked after registering',
  not_allowed: 'address not in the allowed subnets',
  locked_out: 'address locked out',
  https_off: 'HTTPS is turned off',
  no_such_path: 'no such path',
  awaiting_approval: 'waiting for the technician’s approval',
  rejected_caller: 'caller rejected by the technician',
  digest_replayed: 'a digest answer used again (replay)',
};

export const KIND_WORDS: Record<AuditEntry['kind'], string> = { rps: 'RPS', file: 'file', guard: 'door', reprovision: 're-provision' };

/** True when every word of `text` appears in the entry (what, address, MAC, User-Agent, reason). */
export function matchesText(entry: AuditEntry, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [
    entry.what,
    entry.ip,
    entry.mac,
    entry.userAgent,
    entry.outcome,
    KIND_WORDS[entry.kind],
    entry.reason ?? '',
    entry.reason ? REASON_WORDS[entry.reason] : '',
    String(entry.status),
  ]
    .join(' ')
    .toLowerCase();
  // MACs are logged as 12 hex digits: "80:5e:c0" finds them too.
  return words.every((w) => hay.includes(w) || hay.includes(w.replace(/[:-]/g, '')));
}
