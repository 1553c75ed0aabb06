/**
 * Seeds steps 3 to 6: the provisioning server hands a phone its BootFile, then ACC.cfg and
 * BTN.cfg (or its vendor's own files). Only a request carrying the phone's token gets anything.
 */
import type { ProvisioningInput, ResolvedLine } from '../../../shared/config/provisioningInput';
import { resolveFile } from '../../../shared/dialects/registry';
import type { Phone } from '../../../shared/domain/phone';
import type { Context } from '../context';
import { AppError } from '../errors';
import { factsFromAgent } from '../discovery/callers';
import { recordSighting } from './inventory';
import { provisioningUrlOf } from './phones';
import type { Caller } from './rps';
import { recordStep } from './timeline';

export interface ServedBody {
  body: string;
  contentType: string;
}

const cache = new WeakMap<Context, Map<string, { epoch: number; body: string }>>();

export function provisioningInput(ctx: Context, phone: Phone): ProvisioningInput {
  const lines: ResolvedLine[] = [];
  for (const l of [...phone.lines].sort((a, b) => a.line - b.line)) {
    const account = ctx.store.state.accounts.get(l.accountId);
    if (account) lines.push({ line: l.line, account });
  }
  const pbx = ctx.store.state.settings.pbx;
  return {
    phone,
    lines: phone.userType === 'hotdesk' ? [] : lines,
    provisioningUrl: provisioningUrlOf(ctx, phone),
    callServer: { host: pbx.sipHost, port: pbx.sipPort, transport: pbx.sipTransport },
  };
}

/** Token check only; the caller has already limited the token's shape. */
export function phoneByToken(ctx: Context, token: string): Phone | undefined {
  const mac = ctx.tokens.get(token);
  return mac === undefined ? undefined : ctx.store.state.phones.get(mac);
}

export function serveFile(ctx: Context, token: string, fileName: string, caller: Caller): ServedBody {
  const phone = phoneByToken(ctx, token);
  if (!phone) throw new AppError('not_found', 'No such file', 'Ask the RPS for a fresh provisioning URL.');

  const file = resolveFile(phone, fileName);
  const isBoot = file?.role === 'boot';
  const base = { mac: phone.mac, ip: caller.ip, userAgent: caller.userAgent, file: fileName };
  recordStep(ctx, {
    ...base,
    step: isBoot ? 3 : 5,
    outcome: file ? 'ok' : 'failed',
    ...(file ? {} : { reason: `Asked for ${fileName}, which this server does not have.` }),
  });
  const { mac: _agentMac, ...agentFacts } = factsFromAgent(caller.userAgent);
  recordSighting(ctx, {
    mac: phone.mac,
    source: 'provisioning',
    ...agentFacts,
    at: new Date().toISOString(),
    ip: caller.ip,
    userAgent: caller.userAgent,
    isPhone: true,
  });
  if (!file) throw new AppError('not_found', `No file named ${fileName.slice(0, 80)} for this phone`);

  let perCtx = cache.get(ctx);
  if (!perCtx) cache.set(ctx, (perCtx = new Map()));
  const key = `${phone.mac}/${fileName.toLowerCase()}`;
  let hit = perCtx.get(key);
  if (!hit || hit.epoch !== ctx.renderEpoch) {
    hit = { epoch: ctx.renderEpoch, body: file.render(provisioningInput(ctx, phone)) };
    perCtx.set(key, hit);
  }
  recordStep(ctx, { ...base, step: isBoot ? 4 : 6, outcome: 'ok', provides: file.provides, detail: { bytes: hit.body.length } });
  return { body: hit.body, contentType: file.contentType };
}
