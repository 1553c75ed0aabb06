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
import { errorHandler, notFound } from '../http/respond';
import { adminHandlers } from './handlers';
import { appCors, bearerAuth, hostCheck } from './guard';
import { mountContract } from './mount';
import { eventStream } from './sse';
import { faultsOf } from '../faults';

export { CSP };

export interface AdminAppOptions {
  token: string;
  getPort: () => number;
  /** Built renderer (dist/renderer) to serve to a browser in headless mode. */
  rendererDir?: string;
  /** The desktop app's page origin (app://deskphone), let through the Origin check with CORS. */
  appOrigins?: readonly string[];
}

export function createAdminApp(ctx: Context, options: AdminAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(hostCheck(options.getPort, options.appOrigins));
  app.use(appCors(options.appOrigins ?? []));
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Content-Security-Policy': CSP });
    next();
  });
  app.use('/api', bearerAuth(options.token), express.json({ limit: '8mb' }));
  app.get(
    EVENTS_PATH,
    eventStream(ctx.bus, () => faultsOf(ctx)?.replay() ?? []),
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
