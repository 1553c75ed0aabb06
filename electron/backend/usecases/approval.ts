/**
 * The technician's answer to a device held for a phone added without a serial (pipeline/authorize.ts
 * authorizeFirstCaller): approve (its serial goes on record, the phone may fetch its files) or reject
 * (that caller is refused from now on without asking again).
 */
import type { Phone } from '../../../shared/domain/phone';
import type { Context } from '../context';
import { AppError } from '../errors';
import { requirePhone, savePhone, viewPhone } from './phones';
import { recordStep } from './timeline';

function pendingOf(phone: Phone) {
  if (!phone.pendingCaller) {
    throw new AppError('conflict', 'No device is waiting for approval as this phone', 'A device appears here when it asks for this phone.');
  }
  return phone.pendingCaller;
}

type Pending = NonNullable<Phone['pendingCaller']>;

/** Settles the held caller: the phone as `change` makes it (without the held caller), saved, and the answer on its timeline. */
async function settle(
  ctx: Context,
  macText: string,
  action: 'approved' | 'rejected',
  change: (phone: Phone, pending: Pending, now: string) => Partial<Phone>,
) {
  const phone = requirePhone(ctx, macText);
  const pending = pendingOf(phone);
  const now = new Date().toISOString();
  const { pendingCaller: _held, ...rest } = phone;
  const next: Phone = { ...rest, ...change(phone, pending, now), updatedAt: now, revision: phone.revision + 1 };
  await savePhone(ctx, next, phone);
  recordStep(ctx, {
    mac: phone.mac,
    step: 2,
    outcome: 'info',
    ip: pending.ip,
    userAgent: pending.userAgent,
    detail: { action, ...(pending.serial ? { serial: pending.serial } : {}) },
  });
  return viewPhone(ctx, next);
}

/** Approve: the caller's serial goes on record and the phone may fetch its files from its address. */
export function approveCaller(ctx: Context, macText: string) {
  return settle(ctx, macText, 'approved', (phone, pending, now) => ({
    serial: phone.serial || pending.serial,
    lastIp: pending.ip,
    approvedAt: now,
  }));
}

/** Reject: that caller is refused from now on (the last ten are kept). */
export function rejectCaller(ctx: Context, macText: string) {
  return settle(ctx, macText, 'rejected', (phone, pending) => ({
    rejectedCallers: [...(phone.rejectedCallers ?? []), pending].slice(-10),
  }));
}
