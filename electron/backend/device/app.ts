/**
 * The device-facing listener, on the LAN: the RPS and the provisioning server, nothing else. No
 * admin route is reachable here, whatever the path. It only speaks HTTP: each request becomes a
 * DeviceRequest for the device pipeline (pipeline/pipeline.ts), whose answer it writes back.
 */
import type { RequestListener } from 'node:http';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { RPS_PATH } from '../../../shared/rps/protocol';
import type { Context } from '../context';
import { noteCallerLater } from '../usecases/callers';
import { AppError } from '../errors';
import { errorHandler } from '../http/respond';
import { FILE_NAME } from '../pipeline/identify';
import { admit, serve } from '../pipeline/pipeline';
import type { Caller, DeviceAsk } from '../pipeline/request';
import { callerOf, wantsPlainText, write } from './exchange';
import { hotRoutes, RPS_BODY_LIMIT } from './hotRoutes';

export interface DeviceAppOptions {
  /**
   * More routes for phones (e.g. firmware files), mounted after the door and before the
   * pipeline's own routes. They must not claim `/p/...` paths: those go straight to the pipeline.
   */
  routers?: readonly RequestHandler[];
}

/** The device listener's request handler: the hot routes (device/hotRoutes.ts), then the Express app for everything else. */
export function createDeviceApp(ctx: Context, options: DeviceAppOptions = {}): RequestListener {
  const app = createExpressApp(ctx, options);
  const hot = hotRoutes(ctx);
  return (req, res) => {
    if (!hot(req, res)) void app(req, res);
  };
}

function createExpressApp(ctx: Context, options: DeviceAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');

  const handle = (req: Request, res: Response, next: (err?: unknown) => void, ask: DeviceAsk) => {
    const authorization = req.get('authorization');
    const request = {
      caller: (res.locals['caller'] as Caller | undefined) ?? callerOf(req),
      method: req.method,
      url: req.originalUrl,
      path: req.path,
      ...(authorization !== undefined ? { authorization } : {}),
      ask,
    };
    const answer = serve(ctx, request);
    if (answer instanceof Promise) answer.then((a) => write(res, a), next);
    else write(res, answer);
  };

  // The door (lock-out, allow-list, the HTTPS switch) before any route and before any body is read.
  app.use((req, res, next) => {
    const caller = callerOf(req);
    const refused = admit(ctx, caller, req.path);
    if (refused) return write(res, refused);
    res.locals['caller'] = caller;
    next();
  });
  for (const router of options.routers ?? []) app.use(router);

  // The provisioning files first: nearly every request is one (a phone's resync), so Express
  // matches it before any other route.
  app.get('/p/:token/:file', (req, res, next) => {
    const { token, file } = req.params;
    handle(req, res, next, { kind: 'file', token, file });
  });

  const rps = (req: Request, res: Response, next: (err?: unknown) => void, input: unknown) => {
    // From here on the request feeds discovery: by its MAC in the pipeline, or noted there.
    res.locals['rpsReached'] = true;
    handle(req, res, next, { kind: 'rps', input, plainText: wantsPlainText(req.get('accept')) });
  };
  app.get(RPS_PATH, (req, res, next) => rps(req, res, next, req.query));
  app.post(
    RPS_PATH,
    (req, _res, next) => {
      if (!req.is(['application/json', 'application/x-www-form-urlencoded'])) {
        next(new AppError('unsupported_media_type', 'Send the RPS request as JSON or as a form', 'Content-Type: application/json'));
      } else next();
    },
    express.json({ limit: RPS_BODY_LIMIT, strict: true }),
    express.urlencoded({ limit: RPS_BODY_LIMIT, extended: false, parameterLimit: 20 }),
    (req, res, next) => rps(req, res, next, req.body),
  );
  // A body that never reached the pipeline (wrong type, not JSON, too large): noted, then answered as before.
  app.use(RPS_PATH, (err: unknown, req: Request, res: Response, next: (err?: unknown) => void) => {
    if (res.locals['rpsReached'] !== true) noteCallerLater(ctx, callerOf(req), 'rps');
    next(err);
  });

  // Vendor file names asked for without a token: never served; noted on a known phone's timeline.
  app.get('/:file', (req, res, next) => {
    const { file } = req.params;
    if (!FILE_NAME.test(file) || file.startsWith('.')) return next();
    handle(req, res, next, { kind: 'root', file });
  });
  app.use((req, res, next) => handle(req, res, next, { kind: 'other' }));
  app.use(errorHandler(ctx.log));
  return app;
}
