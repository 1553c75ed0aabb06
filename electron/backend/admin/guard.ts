/**
 * The admin listener's door: it answers only requests addressed to loopback by name (the Host
 * check defeats DNS rebinding), from no other web origin (no cross-site requests from a page the
 * technician visits), and, for the API, carrying the admin token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import { sendError } from '../http/respond';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function allowedHosts(port: number): Set<string> {
  return new Set(LOOPBACK_NAMES.map((h) => `${h}:${port}`));
}

/**
 * `appOrigins`: the desktop app's own page origin (app://deskphone), passed by electron/main.ts
 * through startBackend. Exactly those origins are let in besides loopback; never 'null'.
 */
export function hostCheck(getPort: () => number, appOrigins: readonly string[] = []): RequestHandler {
  return (req, res, next) => {
    const host = (req.headers.host ?? '').toLowerCase();
    const allowed = allowedHosts(getPort());
    if (!allowed.has(host)) {
      sendError(res, new AppError('forbidden', 'This address is for the app on this computer only'));
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && appOrigins.includes(origin)) {
      next();
      return;
    }
    if (origin !== undefined && origin !== 'null' && !allowed.has(origin.replace(/^https?:\/\//, '').toLowerCase())) {
      sendError(res, new AppError('forbidden', 'Requests from other web pages are not allowed'));
      return;
    }
    if (origin === 'null') {
      sendError(res, new AppError('forbidden', 'Requests from other web pages are not allowed'));
      return;
    }
    next();
  };
}

/**
 * CORS for the desktop app's page, which is on its own origin (app://deskphone) and calls the
 * admin API on http://127.0.0.1. Answers preflights (they carry no token) and marks responses
 * readable by exactly that origin. Other origins get no CORS headers (hostCheck refused them).
 */
export function appCors(appOrigins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined || !appOrigins.includes(origin)) {
      next();
      return;
    }
    res.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      res.set({
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
        // X-File-Name: the firmware upload's file name (the one route with a raw body).
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept, X-File-Name',
        'Access-Control-Max-Age': '600',
      });
      if (req.headers['access-control-request-private-network'] === 'true') res.set('Access-Control-Allow-Private-Network', 'true');
      res.status(204).end();
      return;
    }
    next();
  };
}

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function bearerAuth(token: string): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (given === '' || !tokensEqual(given, token)) {
      sendError(
        res,
        new AppError('unauthorized', 'The admin token is missing or wrong', 'Open the app from the link it printed at start.'),
      );
      return;
    }
    next();
  };
}
