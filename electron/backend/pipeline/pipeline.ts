/**
 * The device pipeline: the whole story of a request from a phone, in the order it runs. The
 * device listener (device/app.ts) and plug-and-play (pnp/pnpAnswer.ts) turn what arrived into a
 * DeviceRequest; this answers it with {status, headers, body}, which they write back.
 *
 *   door       lock-out, allow-list, HTTPS switch (before any body is read)   authorize.ts
 *   identify   the phone: by its token (files), by its MAC (RPS, PnP)         identify.ts
 *   authorize  approval, serial (RPS, PnP); digest, lock (files)              authorize.ts
 *   resolve    the dialect's file, or where the phone is sent                 resolve.ts
 *   render     the file's body, cached until anything in it changes          resolve.ts
 *   record     timeline, sighting, audit, lock-out: once, from the outcome    record.ts
 */
import { rpsRequestSchema } from '../../../shared/rps/protocol';
import { redactPath } from '../../../shared/security/audit';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { Caller } from '../caller';
import { authorizeDigest, authorizeFirstCaller, authorizeLock, authorizeSerial, door, pnpDoor } from './authorize';
import { phoneOfFileRequest, phoneOfRedirectAsk, type RedirectAsk } from './identify';
import { record, Outcome } from './record';
import { errorReply, reply, type DeviceRequest, type DeviceResponse } from './request';
import { renderFile, resolveFile, resolveRedirect, resolveRootFile } from './resolve';

/** How plug-and-play answers and refusals are named in the audit log ('RPS lookup' for the RPS). */
export const PNP_WHAT = 'plug-and-play SUBSCRIBE';

/** The door, for every request the device listener gets: a refusal, or undefined to go on. */
export function admit(ctx: Context, caller: Caller, path: string): DeviceResponse | undefined {
  const out = new Outcome();
  try {
    door(ctx, caller, path, out);
    return undefined;
  } catch (error) {
    void record(ctx, caller, out.facts); // the door only audits: nothing to wait for
    if (!(error instanceof AppError)) throw error;
    return errorReply(error, out.headers);
  }
}

/** A request past the door. The hot path (a phone fetching its files) answers without a promise. */
export function serve(ctx: Context, req: DeviceRequest): DeviceResponse | Promise<DeviceResponse> {
  const out = new Outcome();
  try {
    const { ask } = req;
    switch (ask.kind) {
      case 'file':
        return finish(ctx, req.caller, out, serveFile(ctx, req, ask.token, ask.file, out));
      case 'rps': {
        const parsed = rpsRequestSchema.safeParse(ask.input);
        if (!parsed.success) {
          out.noteCaller('rps'); // no MAC the app can use: discovery learns who called from its User-Agent or ARP
          throw AppError.fromZod(parsed.error, 'RPS request');
        }
        const redirect = redirectFor(ctx, { ...parsed.data, via: 'rps' }, req.caller, 'RPS lookup', out);
        const body = ask.plainText
          ? reply(200, 'text/plain; charset=utf-8', redirect.provisioningUrl + '\n')
          : reply(200, 'application/json; charset=utf-8', JSON.stringify(redirect));
        return finish(ctx, req.caller, out, body);
      }
      case 'pnp': {
        pnpDoor(ctx, req.caller, ask.mac, ask.notifyHost, PNP_WHAT, out);
        const { mac, model, firmware, vendor } = ask;
        const redirect = redirectFor(ctx, { mac, model, firmware, vendor, via: 'pnp' }, req.caller, PNP_WHAT, out);
        return finish(ctx, req.caller, out, reply(200, 'text/plain; charset=utf-8', redirect.provisioningUrl));
      }
      case 'root':
        out.noteCaller('provisioning'); // no token, so no phone named by the request: who called goes to discovery
        return resolveRootFile(ctx, ask.file, req.caller, out);
      case 'other':
        out.failure({ kind: 'guard', what: redactPath(req.path), status: 404, reason: 'no_such_path' });
        throw new AppError('not_found', 'No such route');
    }
  } catch (error) {
    return refuse(ctx, req.caller, out, error);
  }
}

/** /p/<token>/<file>: seeds steps 3 to 6. */
function serveFile(ctx: Context, req: DeviceRequest, token: string, fileName: string, out: Outcome): DeviceResponse {
  const phone = phoneOfFileRequest(ctx, token, fileName, req.path, out);
  authorizeDigest(ctx, phone, req, fileName, out);
  const resolved = resolveFile(ctx, phone, fileName, req.caller, out);
  authorizeLock(ctx, phone, resolved.file, req.caller, out);
  const { rendered, detail } = renderFile(ctx, phone, fileName, resolved);
  // One event per file served, marking the request it answers too (docs/DECISIONS.md). Written
  // out, not spread from a shared base: every file a phone fetches passes here.
  const { ip, userAgent } = req.caller;
  const provides = resolved.file.provides;
  if (resolved.isBoot) out.step({ mac: phone.mac, ip, userAgent, file: fileName, step: 4, outcome: 'ok', provides, detail });
  if (resolved.isConfig) out.step({ mac: phone.mac, ip, userAgent, file: fileName, step: 6, outcome: 'ok', provides, detail });
  return reply(200, resolved.file.contentType, rendered.bytes);
}

/** The RPS and plug-and-play, two front doors to the same rules: seeds steps 1 and 2. */
function redirectFor(ctx: Context, ask: RedirectAsk, caller: Caller, what: string, out: Outcome) {
  const base = { mac: ask.mac, ip: caller.ip, userAgent: caller.userAgent };
  const phone = phoneOfRedirectAsk(ctx, ask, caller, what, out, base);
  authorizeFirstCaller(ctx, phone, ask, caller, what, out, base);
  authorizeSerial(ctx, phone, ask.serial, what, out, base);
  return resolveRedirect(ctx, phone, ask, caller, what, out, base);
}

/** Record: the outcome's facts, once; then the answer. */
function finish(ctx: Context, caller: Caller, out: Outcome, response: DeviceResponse): DeviceResponse | Promise<DeviceResponse> {
  const saved = record(ctx, caller, out.facts);
  return saved ? saved.then(() => response) : response;
}

/** A refusal: its facts, once; the AppError as `{error:{code,message,hint}}`. Anything else is not ours: the listener logs it and answers 500. */
function refuse(ctx: Context, caller: Caller, out: Outcome, error: unknown): DeviceResponse | Promise<DeviceResponse> {
  const saved = record(ctx, caller, out.facts);
  if (!(error instanceof AppError)) throw error;
  const response = errorReply(error, out.headers);
  return saved ? saved.then(() => response) : response;
}
