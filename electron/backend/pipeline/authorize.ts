/**
 * Authorize: may this caller have what it asks for? The door (lock-out, allow-list, HTTPS
 * switch) runs first for every request; then, per ask, the serial check (RPS), HTTP digest (files)
 * and the lock after registration (files holding secrets). Each check notes its facts on the
 * outcome and throws the AppError the caller gets.
 */
import type { ServedFile } from '../../../shared/dialects/types';
import type { PendingCaller, Phone } from '../../../shared/domain/phone';
import { redactPath } from '../../../shared/security/audit';
import type { SecuritySettings } from '../../../shared/security/settings';
import type { Context } from '../context';
import { allowedBy } from '../usecases/guard/allowList';
import { AppError } from '../errors';
import type { Caller } from '../caller';
import { checkDigest, securitySettings, serialMatches } from '../usecases/security';
import type { RedirectAsk } from './identify';
import type { Outcome } from './record';
import type { DeviceRequest } from './request';

export type DoorVerdict = { ok: true } | { ok: false; reason: 'locked_out'; waitMs: number } | { ok: false; reason: 'not_allowed' };

const PASS: DoorVerdict = { ok: true };

/** May this address use a front door: not locked out for guessing, and inside the allow-list. Two lookups. */
export function checkAddress(ctx: Context, ip: string, settings: SecuritySettings = securitySettings(ctx)): DoorVerdict {
  const waitMs = settings.lockout ? ctx.services.security.failures.lockedFor(ip) : 0;
  if (waitMs > 0) return { ok: false, reason: 'locked_out', waitMs };
  if (!allowedBy(settings.allowedSubnets, ip)) return { ok: false, reason: 'not_allowed' };
  return PASS;
}

/** The device listener's door, before anything of the request is read. */
export function door(ctx: Context, caller: Caller, path: string, out: Outcome): void {
  const settings = securitySettings(ctx);
  const verdict = checkAddress(ctx, caller.ip, settings);
  if (!verdict.ok && verdict.reason === 'locked_out') {
    const seconds = Math.ceil(verdict.waitMs / 1000);
    out.headers['Retry-After'] = String(seconds);
    throw new AppError(
      'rate_limited',
      'Too many failed attempts from this address',
      `Wait ${seconds} s. A technician can lift the lock-out in the app (Security).`,
    );
  }
  if (!verdict.ok) {
    out.audit({ kind: 'guard', mac: '', what: redactPath(path), outcome: 'refused', status: 403, reason: 'not_allowed' });
    throw new AppError(
      'forbidden',
      'This address may not use the provisioning server',
      'Add its subnet to the allowed subnets in the app.',
    );
  }
  if (caller.tls === true && !settings.https) {
    throw new AppError('forbidden', 'HTTPS is turned off on this server', 'Use the http:// address, or turn HTTPS on in the app.');
  }
}

/** Plug-and-play's door: the address the SUBSCRIBE came from and the one the answer would go to (UDP sources can be forged). */
export function pnpDoor(ctx: Context, caller: Caller, mac: string, notifyHost: string, what: string, out: Outcome): void {
  for (const ip of notifyHost === caller.ip ? [caller.ip] : [caller.ip, notifyHost]) {
    const verdict = checkAddress(ctx, ip);
    if (verdict.ok) continue;
    out.audit({
      kind: 'guard',
      mac: ctx.store.state.phones.has(mac) ? mac : '',
      what: ip === caller.ip ? what : `${what}, answer to ${ip.slice(0, 64)}`,
      outcome: 'refused',
      status: verdict.reason === 'locked_out' ? 429 : 403,
      reason: verdict.reason,
    });
    throw new AppError('forbidden', 'This address may not use plug-and-play');
  }
}

/** The serial the device sent must match the one on record (when the settings ask, and one is on record). */
export function authorizeSerial(ctx: Context, phone: Phone, serial: string | undefined, what: string, out: Outcome, base: StepBase): void {
  const settings = ctx.store.state.settings;
  if (serial === undefined || !settings.requireSerial || phone.serial === '') return;
  if (serialMatches(phone.serial, serial, settings.security.serialDigits)) return;
  out.failure({ kind: 'rps', mac: phone.mac, what, status: 403, reason: 'bad_serial' });
  out.step({
    ...base,
    step: 2,
    outcome: 'failed',
    reason: 'Refused: the serial number does not match the one on record. Check the label on the phone.',
  });
  out.warn('RPS refused a device: serial mismatch', { mac: phone.mac, ip: base.ip });
  throw new AppError('identity_mismatch', 'The device could not be verified');
}

/**
 * A phone added without a serial: the first device that asks for it is held, with what it told
 * (address, serial, User-Agent), until the technician approves or rejects it (usecases/approval.ts).
 * Sites listed in trustFirstSerialSites take the first serial instead. Plug-and-play follows the same rule.
 */
export function authorizeFirstCaller(
  ctx: Context,
  phone: Phone,
  ask: RedirectAsk,
  caller: Caller,
  what: string,
  out: Outcome,
  base: StepBase,
): void {
  const settings = ctx.store.state.settings;
  if (phone.serial !== '' || phone.approvedAt !== undefined || !settings.requireSerial) return;
  if (settings.security.trustFirstSerialSites.includes(phone.site)) return;
  const serial = ask.serial ?? '';
  const rejected = phone.rejectedCallers?.some((r) => r.ip === caller.ip && r.serial === serial) ?? false;
  const pending = phone.pendingCaller;
  const same = pending !== undefined && pending.ip === caller.ip && pending.serial === serial;
  if (!rejected && !pending) {
    const held: PendingCaller = { ip: caller.ip, serial, userAgent: caller.userAgent, via: ask.via, at: new Date().toISOString() };
    out.learn({ ...phone, pendingCaller: held }, phone);
  }
  out.audit({
    kind: 'rps',
    mac: phone.mac,
    what,
    outcome: 'refused',
    status: 403,
    reason: rejected ? 'rejected_caller' : 'awaiting_approval',
  });
  out.step({
    ...base,
    step: 2,
    outcome: 'failed',
    reason: rejected
      ? 'Refused: the technician rejected this caller for this phone. Check which device has its MAC.'
      : pending && !same
        ? `Refused: another device (${pending.ip}) is already waiting for approval as this phone. Approve or reject it on the phone in the app.`
        : 'Waiting for approval: this phone was added without a serial number. Approve the caller on the phone in the app, then reboot the phone.',
  });
  throw new AppError(
    'forbidden',
    rejected ? 'This device was refused' : 'This device is waiting for approval',
    rejected ? undefined : 'The technician approves it in Deskphone Provisioner; then reboot the phone.',
  );
}

export interface StepBase {
  mac: string;
  ip: string;
  userAgent: string;
}

/** HTTP digest for a known phone's files, when the settings ask for it (usecases/security.ts checkDigest). */
export function authorizeDigest(ctx: Context, phone: Phone, req: DeviceRequest, file: string, out: Outcome): void {
  const verdict = checkDigest(ctx, phone, { authorization: req.authorization, method: req.method, uri: req.url });
  if (verdict.ok) return;
  if (verdict.challenge) out.headers['WWW-Authenticate'] = verdict.challenge;
  if (verdict.failure) out.failure({ kind: 'file', mac: phone.mac, what: file, status: verdict.error.status, reason: verdict.failure });
  if (verdict.refusal)
    out.audit({ kind: 'file', mac: phone.mac, what: file, outcome: 'refused', status: verdict.error.status, reason: verdict.refusal });
  throw verdict.error;
}

/**
 * A file holding secrets, about to be served: refused while the phone is locked after registration,
 * unless `SecurityService.lockWaived` lets this caller through (a re-provision window); served
 * secret files go to the audit log.
 */
export function authorizeLock(ctx: Context, phone: Phone, file: ServedFile, caller: Caller, out: Outcome): void {
  if (!file.secret) return;
  const security = ctx.services.security;
  if (security.isLocked(phone, securitySettings(ctx)) && !security.lockWaived(phone, caller)) {
    out.audit({ kind: 'file', mac: phone.mac, what: file.name, outcome: 'refused', status: 403, reason: 'phone_locked' });
    out.step({
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
  out.audit({ kind: 'file', mac: phone.mac, what: file.name, outcome: 'served', status: 200 });
}
