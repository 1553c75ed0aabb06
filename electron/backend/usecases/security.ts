/**
 * Who gets a phone's secrets on the device listener: the lock-out of guessing addresses, the
 * allow-list, HTTP digest per site, the lock after registration, and the audit log of it all.
 * The state lives in the backend's SecurityService (securityService.ts), built by startBackend.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Phone } from '../../../shared/domain/phone';
import type { AuditEntry, AuditReason } from '../../../shared/security/audit';
import { digestChallenges, expectedDigestResponse, parseDigestAuthorization } from '../../../shared/security/httpDigest';
import type { SecuritySettings } from '../../../shared/security/settings';
import type { Context } from '../context';
import { AppError } from '../errors';
import { hashHex } from '../../common/hash';
import type { Caller } from '../caller';
import { provisioningUrlOf } from './phones';
import { recordStep } from './timeline';

export const DIGEST_REALM = 'Deskphone Provisioner';

/** Locks phones as they register (step 7 ok), while the settings ask for it. Returns the unsubscribe. */
export function lockPhonesOnRegistration(ctx: Context): () => void {
  return ctx.bus.subscribe((event) => {
    if (event.type === 'step' && event.event.step === 7 && event.event.outcome === 'ok')
      lockOnRegistration(ctx, event.event.mac, event.event.at);
  });
}

export function securitySettings(ctx: Context): SecuritySettings {
  return ctx.store.state.settings.security;
}

export function audit(ctx: Context, caller: Caller, entry: Omit<AuditEntry, 'at' | 'ip' | 'userAgent' | 'tls'>): void {
  ctx.services.security.audit.add({
    ip: caller.ip,
    userAgent: caller.userAgent,
    tls: caller.tls === true,
    ...entry,
  });
}

/**
 * A failed attempt at a credential (token, MAC, serial, password): counted against the address
 * and written to the audit log. When this failure locks the address out, that is logged too.
 */
export function credentialFailure(
  ctx: Context,
  caller: Caller,
  entry: { kind: AuditEntry['kind']; mac?: string; what: string; status: number; reason: AuditReason },
): void {
  audit(ctx, caller, {
    kind: entry.kind,
    mac: entry.mac ?? '',
    what: entry.what,
    outcome: 'refused',
    status: entry.status,
    reason: entry.reason,
  });
  const s = securitySettings(ctx);
  if (!s.lockout) return;
  const lockedOut = ctx.services.security.failures.fail(caller.ip, {
    maxFailures: s.lockoutMaxFailures,
    windowMs: s.lockoutWindowSeconds * 1000,
    lockMs: s.lockoutSeconds * 1000,
  });
  if (lockedOut) {
    ctx.log.warn('device listener: an address is locked out after repeated failures', { ip: caller.ip, seconds: s.lockoutSeconds });
    audit(ctx, caller, { kind: 'guard', mac: '', what: 'lock-out started', outcome: 'refused', status: 429, reason: 'locked_out' });
  }
}

// ---- serial check ---------------------------------------------------------------------------

/** The serial check: the whole serial, or its last `digits` characters, ignoring case and spaces. */
export function serialMatches(expected: string, given: string, digits: number): boolean {
  const norm = (s: string) => s.replace(/\s+/g, '').toUpperCase();
  const e = norm(expected);
  const g = norm(given);
  if (digits <= 0) return e === g;
  const n = Math.min(digits, e.length);
  return n > 0 && g.length >= n && e.slice(-n) === g.slice(-n);
}

// ---- digest ---------------------------------------------------------------------------------

export function credentialFor(settings: SecuritySettings, phone: Phone): { username: string; password: string } | undefined {
  return settings.digestCredentials.find((c) => c.site === phone.site) ?? settings.digestCredentials.find((c) => c.site === '');
}

export type DigestVerdict =
  | { ok: true }
  | {
      ok: false;
      error: AppError;
      /** The WWW-Authenticate values to send, when the client should try (again). */
      challenge?: string[];
      /** A failed attempt at the password: counted against the address. */
      failure?: AuditReason;
      /** Refused without counting (the first leg without credentials, no credentials on record). */
      refusal?: AuditReason;
    };

const DIGEST_PASS: DigestVerdict = { ok: true };

/**
 * HTTP digest for a known phone's files, when the settings ask for it. A request without
 * credentials gets the challenge (the normal first leg, not a failure); wrong ones count
 * against the address.
 */
export function checkDigest(
  ctx: Context,
  phone: Phone,
  request: { authorization: string | undefined; method: string; uri: string },
): DigestVerdict {
  const settings = securitySettings(ctx);
  if (!settings.digestAuth) return DIGEST_PASS;
  const state = ctx.services.security;
  const credential = credentialFor(settings, phone);
  if (!credential) {
    return {
      ok: false,
      refusal: 'digest_no_credentials',
      error: new AppError(
        'forbidden',
        'This phone may not fetch files yet',
        `Add digest credentials for site "${phone.site || '(none)'}" in the security settings, or a row with an empty site.`,
      ),
    };
  }
  const header = request.authorization ?? '';
  const answer = header ? parseDigestAuthorization(header) : undefined;
  const challenge = (stale: boolean) => digestChallenges(DIGEST_REALM, state.nonces.issue(phone.mac), state.opaque, stale);
  if (!answer) {
    return {
      ok: false,
      challenge: challenge(false),
      ...(header ? { failure: 'digest_failed' as const } : { refusal: 'digest_missing' as const }),
      error: new AppError('unauthorized', 'Authentication required', 'Set the provisioning user name and password on the phone.'),
    };
  }
  const expected = expectedDigestResponse(answer, credential.password, request.method, hashHex);
  const good =
    answer.realm === DIGEST_REALM &&
    answer.username === credential.username &&
    answer.uri === request.uri &&
    expected.length === answer.response.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(answer.response));
  // The nonce last, and only for a right answer: only then is its count recorded.
  const nonce = good ? state.nonces.check(answer.nonce, phone.mac, answer.nc) : 'bad';
  if (nonce === 'ok') return DIGEST_PASS;
  if (nonce === 'replayed') {
    return {
      ok: false,
      challenge: challenge(true),
      failure: 'digest_replayed',
      error: new AppError('unauthorized', 'Authentication refused: this answer was used before', 'Answer the new challenge.'),
    };
  }
  if (nonce === 'stale')
    return {
      ok: false,
      challenge: challenge(true),
      error: new AppError('unauthorized', 'Authentication expired', 'Answer the new challenge.'),
    };
  return {
    ok: false,
    challenge: challenge(false),
    failure: 'digest_failed',
    error: new AppError('unauthorized', 'Authentication failed', 'Check the provisioning user name and password set on the phone.'),
  };
}

// ---- the lock after registration ------------------------------------------------------------

function lockOnRegistration(ctx: Context, mac: string, at: string): void {
  const phone = ctx.store.state.phones.get(mac);
  if (!phone || phone.lockedAt !== undefined || !securitySettings(ctx).lockAfterRegistration) return;
  ctx.store
    .commit([{ op: 'putPhone', phone: { ...phone, lockedAt: at } }])
    .then(() => ctx.bus.publish({ type: 'phones-changed', macs: [mac] }))
    .catch((error: Error) => ctx.log.error('could not lock a registered phone', { mac, error: error.message }));
}

/** The technician lets a locked phone fetch its secrets again (until it registers once more). */
export async function reopenPhone(ctx: Context, phone: Phone): Promise<Phone> {
  if (phone.lockedAt === undefined) return phone;
  const { lockedAt: _dropped, ...rest } = phone;
  const next: Phone = { ...rest, updatedAt: new Date().toISOString() };
  await ctx.store.commit([{ op: 'putPhone', phone: next }]);
  recordStep(ctx, {
    mac: phone.mac,
    step: 7,
    outcome: 'info',
    ip: '',
    userAgent: '',
    detail: { action: 'reopened', lockedSince: phone.lockedAt },
  });
  ctx.bus.publish({ type: 'phones-changed', macs: [phone.mac] });
  return next;
}

/** The phone's provisioning URL: on HTTPS for a caller that came over HTTPS, or when the settings prefer it. */
export function provisioningUrlFor(ctx: Context, phone: Phone, caller: Caller): string {
  const state = ctx.services.security;
  const settings = securitySettings(ctx);
  if (state.httpsBaseUrl && settings.https && (caller.tls === true || settings.preferHttps))
    return `${state.httpsBaseUrl}/p/${phone.token}/`;
  return provisioningUrlOf(ctx, phone);
}
