/**
 * The device listener's door, before any route: addresses locked out for guessing get a 429,
 * addresses outside the allow-list a 403, requests over HTTPS while it is turned off a 403. A
 * request that passes costs two lookups. `checkAddress` is the same door for the other front door,
 * SIP plug-and-play (electron/backend/discovery/pnpAnswer.ts).
 */
import type { RequestHandler } from 'express';
import type { Context } from '../../context';
import { AppError } from '../../errors';
import { clientIp, sendError } from '../../http/respond';
import { audit, auditPath, securitySettings } from '../../usecases/security';
import type { SecuritySettings } from '../../../../shared/security/settings';
import { allowedBy } from './allowList';

export type DoorVerdict = { ok: true } | { ok: false; reason: 'locked_out'; waitMs: number } | { ok: false; reason: 'not_allowed' };

const PASS: DoorVerdict = { ok: true };

/** May this address use a front door: not locked out for guessing, and inside the allow-list. */
export function checkAddress(ctx: Context, ip: string, settings: SecuritySettings = securitySettings(ctx)): DoorVerdict {
  const waitMs = settings.lockout ? ctx.services.security.failures.lockedFor(ip) : 0;
  if (waitMs > 0) return { ok: false, reason: 'locked_out', waitMs };
  if (!allowedBy(settings.allowedSubnets, ip)) return { ok: false, reason: 'not_allowed' };
  return PASS;
}

export function deviceDoor(ctx: Context): RequestHandler {
  return (req, res, next) => {
    const ip = clientIp(req);
    const settings = securitySettings(ctx);
    const verdict = checkAddress(ctx, ip, settings);
    if (!verdict.ok && verdict.reason === 'locked_out') {
      const seconds = Math.ceil(verdict.waitMs / 1000);
      res.set('Retry-After', String(seconds));
      sendError(
        res,
        new AppError(
          'rate_limited',
          'Too many failed attempts from this address',
          `Wait ${seconds} s. A technician can lift the lock-out in the app (Security).`,
        ),
      );
      return;
    }
    const tls = (req.socket as { encrypted?: boolean }).encrypted === true;
    if (!verdict.ok) {
      audit(
        ctx,
        { ip, userAgent: (req.get('user-agent') ?? '').slice(0, 256), tls },
        {
          kind: 'guard',
          mac: '',
          what: auditPath(req),
          outcome: 'refused',
          status: 403,
          reason: 'not_allowed',
        },
      );
      sendError(
        res,
        new AppError('forbidden', 'This address may not use the provisioning server', 'Add its subnet to the allowed subnets in the app.'),
      );
      return;
    }
    if (tls && !settings.https) {
      sendError(
        res,
        new AppError('forbidden', 'HTTPS is turned off on this server', 'Use the http:// address, or turn HTTPS on in the app.'),
      );
      return;
    }
    next();
  };
}
