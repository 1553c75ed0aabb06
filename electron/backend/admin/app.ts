/**
 * The admin listener, on loopback only: the typed API behind the token, the event stream, and in
 * headless mode the renderer's files (which hold nothing secret) for a browser.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { contract, EVENTS_PATH } from '../../../shared/api/contract';
import type { Context } from '../context';
import { CSP } from './csp';
import { errorHandler, notFound, sendError } from '../http/respond';
import { AppError } from '../errors';
import { ADMIN_JSON_MAX_BYTES } from '../http/limits';
import { adminHandlers } from './handlers';
import { appCors, bearerAuth, hostCheck } from './guard';
import { mountContract } from './mount';
import { eventStream } from './sse';

export { CSP };

export interface AdminAppOptions {
  token: string;
  getPort: () => number;
  /** Built renderer (dist/renderer) to serve to a browser in headless mode. */
  rendererDir?: string;
  /** The desktop app's page origin (app://deskphone), let through the Origin check with CORS. */
  appOrigins?: readonly string[];
}

/**
 * A JSON body declared over the limit gets 413 at once: express.json would first read it all off
 * the wire. (Bodies that are not JSON, a firmware upload, have their own limit in the listener.)
 */
const refuseLargeJson: express.RequestHandler = (req, res, next) => {
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > ADMIN_JSON_MAX_BYTES && req.is('application/json')) {
    res.set('Connection', 'close');
    sendError(
      res,
      new AppError('payload_too_large', 'The request body is too large', `Send at most ${ADMIN_JSON_MAX_BYTES} bytes of JSON.`),
    );
    return;
  }
  next();
};

export function createAdminApp(ctx: Context, options: AdminAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(hostCheck(options.getPort, options.appOrigins));
  app.use(appCors(options.appOrigins ?? []));
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Content-Security-Policy': CSP });
    next();
  });
  app.use('/api', bearerAuth(options.token), refuseLargeJson, express.json({ limit: ADMIN_JSON_MAX_BYTES }));
  app.get(
    EVENTS_PATH,
    eventStream(ctx.bus, () => ctx.services.faults.replay()),
  );
  app.use(mountContract(contract, adminHandlers(ctx)));
  app.use('/api', notFound);
  const dir = options.rendererDir;
  if (dir && existsSync(join(dir, 'index.html'))) {
    app.use(express.static(dir, { index: 'index.html', maxAge: 0 }));
    app.get('/{*splat}', (_req, res) => res.sendFile(join(dir, 'index.html')));
  }
  app.use(notFound);
  app.use(errorHandler(ctx.log));
  return app;
}
