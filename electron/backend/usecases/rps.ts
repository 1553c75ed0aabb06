/**
 * Seeds steps 1 and 2: a device asks the Remote Provisioning Server where its files are. Known
 * phones with the right serial are sent to the provisioning server their redirect rules pick;
 * unknown devices are recorded as having called in; a wrong serial learns nothing.
 */
import { pickRedirect } from '../../../shared/domain/redirect';
import type { RpsRedirect, RpsRequest } from '../../../shared/rps/protocol';
import { dialectFor } from '../../../shared/dialects/registry';
import type { Context } from '../context';
import type { Caller } from '../caller';
import { AppError } from '../errors';
import type { Mac } from '../../../shared/mac';
import { factsFromAgent } from '../discovery/callers';
import { recordSighting } from './inventory';
import { savePhone } from './phones';
import { audit, credentialFailure, provisioningUrlFor, serialMatches } from './security';
import { recordStep } from './timeline';

/**
 * What a device asking where its files are tells about itself. The RPS always has a serial;
 * SIP plug-and-play (a second front door to the same rules) has none, so no serial is checked.
 */
export interface RedirectAsk {
  mac: Mac;
  serial?: string;
  model?: string;
  firmware?: string;
  vendor?: string;
  via: 'rps' | 'pnp';
}

/** How plug-and-play answers and refusals are named in the audit log ('RPS lookup' for the RPS). */
export const PNP_WHAT = 'plug-and-play SUBSCRIBE';

export async function rpsLookup(ctx: Context, req: RpsRequest, caller: Caller): Promise<RpsRedirect> {
  return redirectFor(ctx, { ...req, via: 'rps' }, caller);
}

/** Seeds steps 1 and 2 for any front door: the RPS over HTTP, or a plug-and-play SUBSCRIBE. */
export async function redirectFor(ctx: Context, req: RedirectAsk, caller: Caller): Promise<RpsRedirect> {
  const phone = ctx.store.state.phones.get(req.mac);
  const agent = factsFromAgent(caller.userAgent);
  recordSighting(ctx, {
    mac: req.mac,
    source: req.via,
    at: new Date().toISOString(),
    ip: caller.ip,
    userAgent: caller.userAgent,
    serial: req.serial ?? '',
    model: req.model || agent.model || '',
    firmware: req.firmware || agent.firmware || '',
    vendor: req.vendor || agent.vendor || '',
    isPhone: true,
    calledIn: !phone,
  });
  const base = { mac: req.mac, ip: caller.ip, userAgent: caller.userAgent };
  const what = req.via === 'pnp' ? PNP_WHAT : 'RPS lookup';
  recordStep(ctx, {
    ...base,
    step: 1,
    outcome: 'ok',
    detail: {
      ...(req.serial !== undefined ? { serial: req.serial } : {}),
      ...(req.model ? { model: req.model } : {}),
      ...(req.via === 'pnp' ? { via: 'plug-and-play' } : {}),
    },
  });

  if (!phone) {
    // A MAC nobody assigned counts as a guess at either door (plug-and-play hands out the same URL).
    credentialFailure(ctx, caller, { kind: 'rps', mac: req.mac, what, status: 404, reason: 'unknown_mac' });
    recordStep(ctx, { ...base, step: 2, outcome: 'failed', reason: 'Not assigned yet: add this phone in the app, then reboot it.' });
    throw new AppError(
      'not_assigned',
      'This device is not assigned yet',
      'The technician must add it in Deskphone Provisioner; then reboot the phone.',
    );
  }
  const settings = ctx.store.state.settings;
  if (
    req.serial !== undefined &&
    settings.requireSerial &&
    phone.serial !== '' &&
    !serialMatches(phone.serial, req.serial, settings.security.serialDigits)
  ) {
    credentialFailure(ctx, caller, { kind: 'rps', mac: req.mac, what, status: 403, reason: 'bad_serial' });
    recordStep(ctx, {
      ...base,
      step: 2,
      outcome: 'failed',
      reason: 'Refused: the serial number does not match the one on record. Check the label on the phone.',
    });
    ctx.log.warn('RPS refused a device: serial mismatch', { mac: req.mac, ip: caller.ip });
    throw new AppError('identity_mismatch', 'The device could not be verified');
  }
  if (phone.userType === 'standard' && phone.lines.length === 0) {
    recordStep(ctx, {
      ...base,
      step: 2,
      outcome: 'failed',
      reason: 'No SIP account assigned: assign one to line 1, then reboot the phone.',
    });
    throw new AppError('not_assigned', 'This device has no account assigned yet', 'Assign a SIP account to it; then reboot the phone.');
  }

  // Learn what the device told us about itself.
  const learned = {
    serial: phone.serial || req.serial || '',
    model: req.model || phone.model,
    firmware: req.firmware || phone.firmware,
    vendor: phone.vendor || req.vendor || '',
    lastIp: caller.ip,
  };
  if (Object.entries(learned).some(([k, v]) => phone[k as keyof typeof learned] !== v)) {
    await savePhone(ctx, { ...phone, ...learned }, phone);
  }

  const rule = pickRedirect(ctx.store.state.rules, { ...phone, ...learned, mac: req.mac });
  if (rule && rule.target.kind === 'external') {
    const url = rule.target.url.replace('{mac}', req.mac);
    recordStep(ctx, { ...base, step: 2, outcome: 'ok', detail: { target: url, rule: rule.name } });
    return { status: 'redirect', provisioningUrl: url };
  }
  const bootFile = dialectFor(ctx.store.state.phones.get(req.mac) ?? phone).bootFileName(req.mac);
  recordStep(ctx, { ...base, step: 2, outcome: 'ok', detail: { target: 'this app', ...(rule ? { rule: rule.name } : {}) } });
  audit(ctx, caller, { kind: 'rps', mac: req.mac, what, outcome: 'served', status: 200 });
  return { status: 'redirect', provisioningUrl: provisioningUrlFor(ctx, phone, caller), bootFile };
}
