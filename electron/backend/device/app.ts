/**
 * The device-facing listener, on the LAN: the RPS and the provisioning server, nothing else. No
 * admin route is reachable here, whatever the path. It only speaks HTTP: each request becomes a
 * DeviceRequest for the device pipeline (pipeline/pipeline.ts), whose answer it writes back.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { RPS_PATH } from '../../../shared/rps/protocol';
import type { Context } from '../context';
import { noteCallerLater } from '../usecases/callers';
import { AppError } from '../errors';
import { clientIp, errorHandler, toAppError } from '../http/respond';
import { FILE_NAME } from '../pipeline/identify';
import { admit, serve } from '../pipeline/pipeline';
import { errorReply, type Caller, type DeviceAsk, type DeviceResponse } from '../pipeline/request';

export interface DeviceAppOptions {
  /**
   * More routes for phones (e.g. firmware files), mounted after the door and before the
   * pipeline's own routes. They must not claim `/p/...` paths: those go straight to the pipeline.
   */
  routers?: readonly RequestHandler[];
}

/**
 * A provisioning file asked for with nothing to decode (no %-escape, no query): nearly every
 * request a phone makes. It goes from the door to the pipeline without Express's router, which
 * cost more than the pipeline itself per request (docs/DECISIONS.md, "The hot device route").
 * Anything else, and every error, takes the Express app as before.
 */
const HOT_FILE = /^\/p\/([A-Za-z0-9_-]{1,128})\/([A-Za-z0-9._-]{1,128})$/;

/** Firmware that asks for text/plain (and not JSON) gets the bare URL; everything else gets JSON. */
function wantsPlainText(accept: string | undefined): boolean {
  return accept !== undefined && !accept.includes('json') && /\btext\/(plain|\*)/.test(accept);
}

function callerOf(req: IncomingMessage): Caller {
  return {
    ip: clientIp(req),
    userAgent: (req.headers['user-agent'] ?? '').slice(0, 256),
    tls: (req.socket as { encrypted?: boolean }).encrypted === true,
  };
}

function write(res: ServerResponse, answer: DeviceResponse): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/** The device listener's request handler: the hot file route, then the Express app for everything else. */
export function createDeviceApp(ctx: Context, options: DeviceAppOptions = {}): RequestListener {
  const app = createExpressApp(ctx, options);
  const failed = (req: IncomingMessage, res: ServerResponse, path: string, error: unknown) => {
    if (!res.headersSent) write(res, errorReply(toAppError(error, { method: req.method ?? '', path }, ctx.log)));
  };
  return (req, res) => {
    const hot = req.method === 'GET' ? HOT_FILE.exec(req.url ?? '') : null;
    if (!hot) return void app(req, res);
    const path = req.url as string;
    try {
      const caller = callerOf(req);
      const refused = admit(ctx, caller, path);
      if (refused) return write(res, refused);
      const authorization = req.headers.authorization;
      const answer = serve(ctx, {
        caller,
        method: 'GET',
        url: path,
        path,
        ...(authorization !== undefined ? { authorization } : {}),
        ask: { kind: 'file', token: hot[1] as string, file: hot[2] as string },
      });
      if (answer instanceof Promise)
        answer.then(
          (a) => write(res, a),
          (error: unknown) => failed(req, res, path, error),
        );
      else write(res, answer);
    } catch (error) {
      failed(req, res, path, error);
    }
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
    express.json({ limit: '4kb', strict: true }),
    express.urlencoded({ limit: '4kb', extended: false, parameterLimit: 20 }),
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
