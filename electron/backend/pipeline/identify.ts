/**
 * Identify: which phone a request is about. A file request names it by its token (looked up once
 * per request); an RPS lookup or a plug-and-play SUBSCRIBE by its MAC, and every such ask is a
 * sighting and step 1 on that MAC's timeline, assigned or not.
 */
import type { Phone } from '../../../shared/domain/phone';
import type { Mac } from '../../../shared/mac';
import { redactPath } from '../../../shared/security/audit';
import type { Context } from '../context';
import { factsFromAgent } from '../usecases/callers';
import { AppError } from '../errors';
import type { Caller } from '../caller';
import type { StepBase } from './authorize';
import type { Outcome } from './record';

const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;
export const FILE_NAME = /^[A-Za-z0-9._-]{1,96}$/;

/** The phone whose token a file request carries; an unknown token counts as a guess. */
export function phoneOfFileRequest(ctx: Context, token: string, file: string, path: string, out: Outcome): Phone {
  if (!TOKEN.test(token) || !FILE_NAME.test(file) || file.startsWith('.')) {
    out.failure({ kind: 'file', what: redactPath(path), status: 404, reason: 'unknown_token' });
    out.noteCaller('provisioning');
    throw new AppError('not_found', 'No such file');
  }
  const mac = ctx.tokens.get(token);
  const phone = mac === undefined ? undefined : ctx.store.state.phones.get(mac);
  if (phone) return phone;
  out.noteCaller('provisioning');
  out.failure({ kind: 'file', what: file.slice(0, 96), status: 404, reason: 'unknown_token' });
  throw new AppError('not_found', 'No such file', 'Ask the RPS for a fresh provisioning URL.');
}

/**
 * What a device asking where its files are tells about itself. The RPS always has a serial;
 * SIP plug-and-play (a second front door to the same rules) has none.
 */
export interface RedirectAsk {
  mac: Mac;
  serial?: string;
  model?: string;
  firmware?: string;
  vendor?: string;
  via: 'rps' | 'pnp';
}

/** The assigned phone a redirect ask names; the ask is a sighting and step 1 either way. */
export function phoneOfRedirectAsk(ctx: Context, ask: RedirectAsk, caller: Caller, what: string, out: Outcome, base: StepBase): Phone {
  const phone = ctx.store.state.phones.get(ask.mac);
  const agent = factsFromAgent(caller.userAgent);
  out.sighting({
    mac: ask.mac,
    source: ask.via,
    at: new Date().toISOString(),
    ip: caller.ip,
    userAgent: caller.userAgent,
    serial: ask.serial ?? '',
    model: ask.model || agent.model || '',
    firmware: ask.firmware || agent.firmware || '',
    vendor: ask.vendor || agent.vendor || '',
    isPhone: true,
    calledIn: !phone,
  });
  out.step({
    ...base,
    step: 1,
    outcome: 'ok',
    detail: {
      ...(ask.serial !== undefined ? { serial: ask.serial } : {}),
      ...(ask.model ? { model: ask.model } : {}),
      ...(ask.via === 'pnp' ? { via: 'plug-and-play' } : {}),
    },
  });
  if (phone) return phone;
  // A MAC nobody assigned counts as a guess at either door (plug-and-play hands out the same URL).
  out.failure({ kind: 'rps', mac: ask.mac, what, status: 404, reason: 'unknown_mac' });
  out.step({ ...base, step: 2, outcome: 'failed', reason: 'Not assigned yet: add this phone in the app, then reboot it.' });
  throw new AppError(
    'not_assigned',
    'This device is not assigned yet',
    'The technician must add it in Deskphone Provisioner; then reboot the phone.',
  );
}
