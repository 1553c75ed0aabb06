/**
 * The two requests every phone makes, answered without Express's router and body parsers, which
 * cost more per request than the device pipeline's own work (docs/DECISIONS.md, "The hot device
 * routes are served without Express"):
 *   - `GET /p/<token>/<file>` with nothing to decode (no %-escape, no query);
 *   - `POST /rps/v1/lookup` with a JSON body of a declared length within the RPS limit, and no
 *     content encoding.
 * They go through the same door (`admit`) and pipeline (`serve`) as the Express routes, and
 * their errors are the same answers. Anything else, including every request those conditions
 * leave out, goes to the Express app unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RPS_PATH } from '../../../shared/rps/protocol';
import type { Context } from '../context';
import { AppError } from '../errors';
import { toAppError } from '../http/respond';
import { admit, serve } from '../pipeline/pipeline';
import { errorReply, type Caller, type DeviceAsk, type DeviceResponse } from '../pipeline/request';
import { noteCallerLater } from '../usecases/callers';
import { callerOf, wantsPlainText, write } from './exchange';

const HOT_FILE = /^\/p\/([A-Za-z0-9_-]{1,128})\/([A-Za-z0-9._-]{1,128})$/;
/** The RPS body limit, for the hot route and the Express route's parsers alike. */
export const RPS_BODY_LIMIT = 4096;
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** Returns a handler that answers a hot request and says true, or says false and leaves it alone. */
export function hotRoutes(ctx: Context): (req: IncomingMessage, res: ServerResponse) => boolean {
  const failed = (req: IncomingMessage, res: ServerResponse, path: string, error: unknown) => {
    if (!res.headersSent) write(res, errorReply(toAppError(error, { method: req.method ?? '', path }, ctx.log)));
  };

  /** The door, before any body is read: the caller, or undefined when it was refused (and answered). */
  const door = (req: IncomingMessage, res: ServerResponse, path: string): Caller | undefined => {
    const caller = callerOf(req);
    const refused = admit(ctx, caller, path);
    if (!refused) return caller;
    write(res, refused);
    return undefined;
  };

  /** The pipeline's answer; a thrown or rejected error is answered as the Express app would. */
  const serveAsk = (req: IncomingMessage, res: ServerResponse, path: string, caller: Caller, ask: DeviceAsk) => {
    const authorization = req.headers.authorization;
    const reply = serve(ctx, {
      caller,
      method: req.method ?? '',
      url: req.url ?? path,
      path,
      ...(authorization !== undefined ? { authorization } : {}),
      ask,
    });
    if (reply instanceof Promise)
      reply.then(
        (a: DeviceResponse) => write(res, a),
        (error: unknown) => failed(req, res, path, error),
      );
    else write(res, reply);
  };

  const file = (req: IncomingMessage, res: ServerResponse, path: string, token: string, name: string) => {
    try {
      const caller = door(req, res, path);
      if (caller) serveAsk(req, res, path, caller, { kind: 'file', token, file: name });
    } catch (error) {
      failed(req, res, path, error);
    }
  };

  const rps = (req: IncomingMessage, res: ServerResponse) => {
    let caller: Caller | undefined;
    try {
      caller = door(req, res, RPS_PATH);
    } catch (error) {
      failed(req, res, RPS_PATH, error);
    }
    if (!caller) return;
    const from = caller;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => undefined); // the client went away: nothing to answer
    req.on('end', () => {
      try {
        const input = parseStrictJson(Buffer.concat(chunks).toString('utf8'));
        if (input === undefined) {
          // Like a body the Express route's parser refused: noted for discovery, then a 400.
          noteCallerLater(ctx, from, 'rps');
          throw new AppError('bad_request', 'The request body is not valid JSON');
        }
        serveAsk(req, res, RPS_PATH, from, { kind: 'rps', input, plainText: wantsPlainText(req.headers.accept) });
      } catch (error) {
        failed(req, res, RPS_PATH, error);
      }
    });
  };

  return (req, res) => {
    const url = req.url ?? '';
    if (req.method === 'GET') {
      const hot = HOT_FILE.exec(url);
      if (!hot) return false;
      file(req, res, url, hot[1] as string, hot[2] as string);
      return true;
    }
    if (req.method === 'POST' && url === RPS_PATH && isPlainJsonBody(req)) {
      rps(req, res);
      return true;
    }
    return false;
  };
}

/** A JSON body the hot route can read itself: declared length within the limit, UTF-8, not compressed. */
function isPlainJsonBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  const type = req.headers['content-type'];
  return (
    length !== undefined &&
    /^\d{1,4}$/.test(length) &&
    Number(length) <= RPS_BODY_LIMIT &&
    type !== undefined &&
    JSON_TYPE.test(type) &&
    req.headers['content-encoding'] === undefined &&
    req.headers['transfer-encoding'] === undefined
  );
}

/** JSON as the Express route's strict parser takes it (an object or an array), else undefined. */
export function parseStrictJson(text: string): unknown {
  const first = text.trimStart()[0]; // other leading space than JSON's fails JSON.parse below
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
