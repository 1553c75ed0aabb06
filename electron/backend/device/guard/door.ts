/**
 * The device listener's door, before any route: addresses locked out for guessing get a 429,
 * addresses outside the allow-list a 403, requests over HTTPS while it is turned off a 403. A
 * request that passes costs two lookups.
 */
import type { RequestHandler } from 'express';
import type { Context } from '../../context';
import { AppError } from '../../errors';
import { clientIp, sendError } from '../../http/respond';
import { audit, auditPath, securityOf, securitySettings } from '../../usecases/security';
import { allowedBy } from './allowList';

export function deviceDoor(ctx: Context): RequestHandler {
  const state = securityOf(ctx);
  return (req, res, next) => {
    const ip = clientIp(req);
    const settings = securitySettings(ctx);
    const waitMs = settings.lockout ? state.failures.lockedFor(ip) : 0;
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
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
    if (!allowedBy(settings.allowedSubnets, ip)) {
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
