/**
 * Who gets a phone's secrets on the device listener: the lock-out of guessing addresses, the
 * allow-list, HTTP digest per site, the lock after registration, and the audit log of it all.
 * The state lives beside the Context (one per backend), attached at start.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Phone } from '../../../shared/domain/phone';
import type { ServedFile } from '../../../shared/dialects/types';
import { redactPath, type AuditEntry, type AuditReason } from '../../../shared/security/audit';
import { digestChallenges, expectedDigestResponse, parseDigestAuthorization } from '../../../shared/security/httpDigest';
import type { SecuritySettings } from '../../../shared/security/settings';
import { AuditLog } from '../audit/auditLog';
import type { Context } from '../context';
import { FailureBuckets } from '../device/guard/failures';
import { AppError } from '../errors';
import { hashHex } from '../../common/hash';
import type { Caller } from '../caller';
import { provisioningUrlOf } from './phones';
import { recordStep } from './timeline';

export interface SecurityState {
  failures: FailureBuckets;
  audit: AuditLog;
  /** Key of the stateless digest nonces; new at every start. */
  nonceKey: Buffer;
  opaque: string;
  /** Base of the HTTPS device listener when it runs, e.g. https://192.168.1.10:8443 */
  httpsBaseUrl?: string;
  certificatePem?: string;
  certificateFingerprint?: string;
  stop(): void;
}

const states = new WeakMap<Context, SecurityState>();

export const DIGEST_REALM = 'Deskphone Provisioner';
const NONCE_TTL_MS = 5 * 60_000;

export interface AttachOptions {
  /** Where the audit log's files go; none keeps it in memory only. */
  auditDir?: string;
}

/** Creates the security state of a backend and starts locking phones as they register. */
export function attachSecurity(ctx: Context, options: AttachOptions = {}): SecurityState {
  const audit = new AuditLog({ ...(options.auditDir ? { dir: options.auditDir } : {}), warn: (m) => ctx.log.warn(m) });
  const unsubscribe = ctx.bus.subscribe((event) => {
    if (event.type === 'step' && event.event.step === 7 && event.event.outcome === 'ok')
      lockOnRegistration(ctx, event.event.mac, event.event.at);
  });
  const state: SecurityState = {
    failures: new FailureBuckets(),
    audit,
    nonceKey: randomBytes(32),
    opaque: randomBytes(12).toString('base64url'),
    stop: () => {
      unsubscribe();
      audit.close();
    },
  };
  states.set(ctx, state);
  return state;
}

export function securityOf(ctx: Context): SecurityState {
  return states.get(ctx) ?? attachSecurity(ctx);
}

export function securitySettings(ctx: Context): SecuritySettings {
  return ctx.store.state.settings.security;
}

export function audit(ctx: Context, caller: Caller, entry: Omit<AuditEntry, 'at' | 'ip' | 'userAgent' | 'tls'>): void {
  securityOf(ctx).audit.add({
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
  const lockedOut = securityOf(ctx).failures.fail(caller.ip, {
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

function makeNonce(state: SecurityState, now = Date.now()): string {
  const ts = now.toString(36);
  return `${ts}.${createHmac('sha256', state.nonceKey).update(ts).digest('base64url').slice(0, 24)}`;
}

/** 'ok', 'stale' (ours but old: the client retries with the new nonce) or 'bad'. */
function checkNonce(state: SecurityState, nonce: string, now = Date.now()): 'ok' | 'stale' | 'bad' {
  const [ts = '', mac = ''] = nonce.split('.', 2);
  const expected = createHmac('sha256', state.nonceKey).update(ts).digest('base64url').slice(0, 24);
  if (mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return 'bad';
  const age = now - parseInt(ts, 36);
  if (!(age >= -5000)) return 'bad';
  return age > NONCE_TTL_MS ? 'stale' : 'ok';
}

export function credentialFor(settings: SecuritySettings, phone: Phone): { username: string; password: string } | undefined {
  return settings.digestCredentials.find((c) => c.site === phone.site) ?? settings.digestCredentials.find((c) => c.site === '');
}

/**
 * HTTP digest for a known phone's files, when the settings ask for it. A request without
 * credentials gets the challenge (the normal first leg, not a failure); wrong ones count
 * against the address.
 */
export function requireDigest(ctx: Context, phone: Phone, req: Request, res: Response, caller: Caller, file: string): void {
  const settings = securitySettings(ctx);
  if (!settings.digestAuth) return;
  const state = securityOf(ctx);
  const credential = credentialFor(settings, phone);
  if (!credential) {
    audit(ctx, caller, { kind: 'file', mac: phone.mac, what: file, outcome: 'refused', status: 403, reason: 'digest_no_credentials' });
    throw new AppError(
      'forbidden',
      'This phone may not fetch files yet',
      `Add digest credentials for site "${phone.site || '(none)'}" in the security settings, or a row with an empty site.`,
    );
  }
  const header = req.get('authorization') ?? '';
  const answer = header ? parseDigestAuthorization(header) : undefined;
  const challenge = (stale: boolean) => res.set('WWW-Authenticate', digestChallenges(DIGEST_REALM, makeNonce(state), state.opaque, stale));
  if (!answer) {
    challenge(false);
    if (header) {
      credentialFailure(ctx, caller, { kind: 'file', mac: phone.mac, what: file, status: 401, reason: 'digest_failed' });
    } else {
      audit(ctx, caller, { kind: 'file', mac: phone.mac, what: file, outcome: 'refused', status: 401, reason: 'digest_missing' });
    }
    throw new AppError('unauthorized', 'Authentication required', 'Set the provisioning user name and password on the phone.');
  }
  const nonce = checkNonce(state, answer.nonce);
  const expected = expectedDigestResponse(answer, credential.password, req.method, hashHex);
  const good =
    nonce !== 'bad' &&
    answer.realm === DIGEST_REALM &&
    answer.username === credential.username &&
    answer.uri === req.originalUrl &&
    expected.length === answer.response.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(answer.response));
  if (good && nonce === 'ok') return;
  challenge(good && nonce === 'stale');
  if (good) throw new AppError('unauthorized', 'Authentication expired', 'Answer the new challenge.');
  credentialFailure(ctx, caller, { kind: 'file', mac: phone.mac, what: file, status: 401, reason: 'digest_failed' });
  throw new AppError('unauthorized', 'Authentication failed', 'Check the provisioning user name and password set on the phone.');
}

// ---- the lock after registration ------------------------------------------------------------

export function isLocked(ctx: Context, phone: Phone): boolean {
  return phone.lockedAt !== undefined && securitySettings(ctx).lockAfterRegistration;
}

function lockOnRegistration(ctx: Context, mac: string, at: string): void {
  const phone = ctx.store.state.phones.get(mac);
  if (!phone || phone.lockedAt !== undefined || !securitySettings(ctx).lockAfterRegistration) return;
  ctx.store
    .commit([{ op: 'putPhone', phone: { ...phone, lockedAt: at } }])
    .then(() => ctx.bus.publish({ type: 'phones-changed', macs: [mac] }))
    .catch((error: Error) => ctx.log.error('could not lock a registered phone', { mac, error: error.message }));
}

/**
 * A file the phone asked for, about to be served: refused when it holds secrets and the phone is
 * locked; served secret files go to the audit log.
 */
export function guardFile(ctx: Context, phone: Phone, file: ServedFile, caller: Caller): void {
  if (!file.secret) return;
  if (isLocked(ctx, phone)) {
    audit(ctx, caller, { kind: 'file', mac: phone.mac, what: file.name, outcome: 'refused', status: 403, reason: 'phone_locked' });
    recordStep(ctx, {
      mac: phone.mac,
      step: 5,
      outcome: 'failed',
      ip: caller.ip,
      userAgent: caller.userAgent,
      file: file.name,
      reason: `Refused ${file.name}: this phone registered and is locked, so its passwords are not served again. Re-open the phone in the app to let it fetch its configuration.`,
    });
    throw new AppError('forbidden', 'This file is locked', 'Re-open the phone in the app, then reboot it.');
  }
  audit(ctx, caller, { kind: 'file', mac: phone.mac, what: file.name, outcome: 'served', status: 200 });
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
  const state = securityOf(ctx);
  const settings = securitySettings(ctx);
  if (state.httpsBaseUrl && settings.https && (caller.tls === true || settings.preferHttps))
    return `${state.httpsBaseUrl}/p/${phone.token}/`;
  return provisioningUrlOf(ctx, phone);
}

// ---- per-request checks at the door ---------------------------------------------------------

/** The redacted path of a request, for the log. */
export function auditPath(req: Request): string {
  return redactPath(req.path);
}
