/**
 * The device-facing listener, on the LAN: the RPS and the provisioning server, nothing else. No
 * admin route is reachable here, whatever the path.
 */
import express, { type Request, type Response } from 'express';
import { RPS_PATH, rpsRequestSchema } from '../../../shared/rps/protocol';
import type { Context } from '../context';
import { noteCallerLater } from '../discovery/callers';
import { AppError } from '../errors';
import { clientIp, errorHandler, notFound, sendText } from '../http/respond';
import { rpsLookup } from '../usecases/rps';
import { phoneByToken, rootRequest, serveFile } from '../usecases/provisioning';
import { auditPath, credentialFailure, requireDigest } from '../usecases/security';
import { deviceDoor } from './guard/door';
import { firmwareDeviceRoute } from '../firmware/deviceRoute';

const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;
const FILE = /^[A-Za-z0-9._-]{1,96}$/;

/** Firmware that asks for text/plain (and not JSON) gets the bare URL; everything else gets JSON. */
function wantsPlainText(accept: string | undefined): boolean {
  return accept !== undefined && !accept.includes('json') && /\btext\/(plain|\*)/.test(accept);
}

function caller(req: Request) {
  return {
    ip: clientIp(req),
    userAgent: (req.get('user-agent') ?? '').slice(0, 256),
    tls: (req.socket as { encrypted?: boolean }).encrypted === true,
  };
}

export function createDeviceApp(ctx: Context): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');
  // Lock-out, allow-list and the HTTPS switch, before any route (electron/backend/device/guard/).
  app.use(deviceDoor(ctx));
  app.use(firmwareDeviceRoute(ctx));

  // The provisioning files first: nearly every request is one (a phone's resync), so Express
  // matches it before any other route.
  app.get('/p/:token/:file', (req, res) => {
    const { token, file } = req.params;
    const who = caller(req);
    if (!TOKEN.test(token) || !FILE.test(file) || file.startsWith('.')) {
      credentialFailure(ctx, who, { kind: 'file', what: auditPath(req), status: 404, reason: 'unknown_token' });
      noteCallerLater(ctx, who, 'provisioning');
      throw new AppError('not_found', 'No such file');
    }
    const phone = phoneByToken(ctx, token);
    if (phone) requireDigest(ctx, phone, req, res, who, file);
    else noteCallerLater(ctx, who, 'provisioning');
    const served = serveFile(ctx, token, file, who);
    sendText(res, 200, served.contentType, served.bytes);
  });

  const rps = async (req: Request, res: Response, input: unknown) => {
    // From here on the request feeds discovery: by its MAC in the use case, or noted just below.
    res.locals['rpsReached'] = true;
    const parsed = rpsRequestSchema.safeParse(input);
    if (!parsed.success) {
      // No MAC the app can use: discovery still learns who called, from its User-Agent or ARP.
      noteCallerLater(ctx, caller(req), 'rps');
      throw AppError.fromZod(parsed.error, 'RPS request');
    }
    const answer = await rpsLookup(ctx, parsed.data, caller(req));
    if (wantsPlainText(req.get('accept'))) sendText(res, 200, 'text/plain; charset=utf-8', answer.provisioningUrl + '\n');
    else sendText(res, 200, 'application/json; charset=utf-8', JSON.stringify(answer));
  };

  app.get(RPS_PATH, (req, res) => rps(req, res, req.query));
  app.post(
    RPS_PATH,
    (req, _res, next) => {
      if (!req.is(['application/json', 'application/x-www-form-urlencoded'])) {
        next(new AppError('unsupported_media_type', 'Send the RPS request as JSON or as a form', 'Content-Type: application/json'));
      } else next();
    },
    express.json({ limit: '4kb', strict: true }),
    express.urlencoded({ limit: '4kb', extended: false, parameterLimit: 20 }),
    (req, res) => rps(req, res, req.body),
  );
  // A body that never reached the schema (wrong type, not JSON, too large): noted, then answered as before.
  app.use(RPS_PATH, (err: unknown, req: Request, res: Response, next: (err?: unknown) => void) => {
    if (res.locals['rpsReached'] !== true) noteCallerLater(ctx, caller(req), 'rps');
    next(err);
  });

  // Vendor file names asked for without a token: never served; noted on a known phone's timeline.
  app.get('/:file', (req, _res, next) => {
    const { file } = req.params;
    if (!FILE.test(file) || file.startsWith('.')) return next();
    const who = caller(req);
    // No token, so no phone the app can name from the request: who called goes to discovery.
    noteCallerLater(ctx, who, 'provisioning');
    rootRequest(ctx, file, who);
  });

  app.use((req, res, next) => {
    credentialFailure(ctx, caller(req), { kind: 'guard', what: auditPath(req), status: 404, reason: 'no_such_path' });
    notFound(req, res, next);
  });
  app.use(errorHandler(ctx.log));
  return app;
}
