/**
 * Seeds steps 3 to 6: the provisioning server hands a phone its BootFile, then ACC.cfg and
 * BTN.cfg (or its vendor's own files). Only a request carrying the phone's token gets anything.
 */
import type { ProvisioningInput, ResolvedLine } from '../../../shared/config/provisioningInput';
import { isProbeName, resolveFileWithDialect } from '../../../shared/dialects/registry';
import { macInFileName } from '../../../shared/vendors/registry';
import { formatMac, type Mac } from '../../../shared/mac';
import type { Phone } from '../../../shared/domain/phone';
import type { StepEvent } from '../../../shared/flow/steps';
import type { Context } from '../context';
import { AppError } from '../errors';
import { isoAt } from '../clock';
import { factsFromAgent } from '../discovery/callers';
import { recordSighting } from './inventory';
import { provisioningUrlOf } from './phones';
import { credentialFailure, guardFile } from './security';
import type { Caller } from '../caller';
import { recordStep } from './timeline';

export interface ServedBody {
  body: string;
  /** The body's bytes, encoded once per rendering and reused for every request until it changes. */
  bytes: Buffer;
  contentType: string;
}

interface Rendered {
  epoch: number;
  /** The phone as it was when rendered: a save replaces the object, so a changed phone renders anew. */
  phone: Phone;
  body: string;
  bytes: Buffer;
  notApplied: number;
}

const cache = new WeakMap<Context, Map<string, Rendered>>();

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

/** Why a request under this phone's token names another phone, or undefined when it does not. */
function identityMismatch(phone: Phone, fileName: string, agentMac: string | undefined): string | undefined {
  const nameMac = macInFileName(fileName);
  if (nameMac && nameMac !== phone.mac) {
    return `Asked for ${fileName}, a file of phone ${formatMac(nameMac)}, with the provisioning URL of ${formatMac(phone.mac as Mac)}: the phone was given another phone's URL. Check which MAC the URL was assigned to.`;
  }
  if (agentMac && agentMac !== phone.mac) {
    return `A phone whose User-Agent says MAC ${formatMac(agentMac as Mac)} used the provisioning URL of ${formatMac(phone.mac as Mac)}: nothing was served. Check which MAC the URL was assigned to.`;
  }
  return undefined;
}

interface Understood {
  /** The phone as it was when understood (see Rendered.phone). */
  phone: Phone;
  agentFacts: Omit<ReturnType<typeof factsFromAgent>, 'mac'>;
  mismatch: string | undefined;
  resolved: ReturnType<typeof resolveFileWithDialect>;
  probe: boolean;
  /** The rendered file this request gets and the detail its timeline event carries, once known. */
  served?: { rendered: Rendered; detail: NonNullable<StepEvent['detail']> };
}

const understood = new WeakMap<Context, { epoch: number; byRequest: Map<string, Understood> }>();
const UNDERSTOOD_LIMIT = 20_000;

/**
 * What a request means: the facts its User-Agent tells, whether the file name or User-Agent
 * names another phone, which dialect's file it is. A phone asks for the same few files with the
 * same User-Agent again and again, so the answer is kept until the phone itself changes (its saved
 * object is replaced) or anything every phone depends on does (the render epoch).
 */
function understand(ctx: Context, phone: Phone, fileName: string, userAgent: string): Understood {
  let memo = understood.get(ctx);
  if (!memo || memo.epoch !== ctx.renderEpoch || memo.byRequest.size > UNDERSTOOD_LIMIT) {
    memo = { epoch: ctx.renderEpoch, byRequest: new Map() };
    understood.set(ctx, memo);
  }
  const key = `${phone.mac}\n${fileName}\n${userAgent}`;
  let found = memo.byRequest.get(key);
  if (!found || found.phone !== phone) {
    const { mac: agentMac, ...agentFacts } = factsFromAgent(userAgent);
    const mismatch = identityMismatch(phone, fileName, agentMac);
    const resolved = mismatch ? undefined : resolveFileWithDialect(phone, fileName, { userAgent });
    found = { phone, agentFacts, mismatch, resolved, probe: !resolved && !mismatch && isProbeName(phone, fileName) };
    memo.byRequest.set(key, found);
  }
  return found;
}

/**
 * The file's body for this phone, rendered once per change of anything it depends on (the render
 * epoch) and shared by every request for it, with the detail its timeline event carries.
 */
function render(
  ctx: Context,
  phone: Phone,
  fileName: string,
  resolved: NonNullable<Understood['resolved']>,
): NonNullable<Understood['served']> {
  const { file, dialect } = resolved;
  let perCtx = cache.get(ctx);
  if (!perCtx) cache.set(ctx, (perCtx = new Map()));
  const key = `${phone.mac}/${dialect.id}/${fileName.toLowerCase()}`;
  let rendered = perCtx.get(key);
  if (!rendered || rendered.epoch !== ctx.renderEpoch || rendered.phone !== phone) {
    const input = provisioningInput(ctx, phone);
    const notApplied = (dialect.unsupportedButtons?.(input) ?? []).filter((p) => p.severity === 'error').length;
    const body = file.render(input);
    rendered = { epoch: ctx.renderEpoch, phone, body, bytes: Buffer.from(body, 'utf8'), notApplied };
    perCtx.set(key, rendered);
  }
  const detail = {
    bytes: rendered.body.length,
    ...(dialect.id !== 'default' ? { dialect: dialect.id } : {}),
    ...(rendered.notApplied > 0 && file.provides.includes('buttons') ? { notApplied: rendered.notApplied } : {}),
  };
  return { rendered, detail };
}

export function serveFile(ctx: Context, token: string, fileName: string, caller: Caller): ServedBody {
  const phone = phoneByToken(ctx, token);
  if (!phone) {
    credentialFailure(ctx, caller, { kind: 'file', what: fileName.slice(0, 96), status: 404, reason: 'unknown_token' });
    throw new AppError('not_found', 'No such file', 'Ask the RPS for a fresh provisioning URL.');
  }

  const found = understand(ctx, phone, fileName, caller.userAgent);
  const { agentFacts, mismatch, resolved, probe } = found;
  const file = resolved?.file;
  // Single-file vendors (Grandstream, Fanvil) serve boot and configuration in one file: steps 3 to 6 at once.
  const isBoot = file ? file.role === 'boot' || file.provides.includes('boot') : false;
  const isConfig = file ? !isBoot || file.provides.some((r) => r === 'account' || r === 'buttons') : false;
  const base = { mac: phone.mac, ip: caller.ip, userAgent: caller.userAgent, file: fileName };
  if (file) {
    if (isBoot) recordStep(ctx, { ...base, step: 3, outcome: 'ok' });
    if (isConfig) recordStep(ctx, { ...base, step: 5, outcome: 'ok' });
  } else {
    recordStep(ctx, {
      ...base,
      step: 5,
      outcome: probe ? 'info' : 'failed',
      reason:
        mismatch ??
        (probe
          ? `Asked for ${fileName}, which this app does not serve; the phone carries on without it.`
          : `Asked for ${fileName}, which this server does not have.`),
    });
  }
  if (mismatch)
    ctx.log.warn('provisioning request for another phone refused', { mac: phone.mac, ip: caller.ip, file: fileName.slice(0, 96) });
  if (!mismatch) {
    const now = Date.now();
    recordSighting(
      ctx,
      { mac: phone.mac, source: 'provisioning', ...agentFacts, at: isoAt(now), ip: caller.ip, userAgent: caller.userAgent, isPhone: true },
      now,
    );
  }
  if (!file || !resolved) throw new AppError('not_found', `No file named ${fileName.slice(0, 80)} for this phone`);
  guardFile(ctx, phone, file, caller);

  // understand() answered for the current render epoch, so what it kept is current too.
  const { rendered, detail } = (found.served ??= render(ctx, phone, fileName, resolved));
  if (isBoot) recordStep(ctx, { ...base, step: 4, outcome: 'ok', provides: file.provides, detail });
  if (isConfig) recordStep(ctx, { ...base, step: 6, outcome: 'ok', provides: file.provides, detail });
  return { body: rendered.body, bytes: rendered.bytes, contentType: file.contentType };
}

/**
 * A phone asked for a file at the listener root, without a token (DHCP option 66 or a URL typed
 * in pointing at the bare server). Nothing is served there, not even secret-free common files
 * (docs/DECISIONS.md); when the name or the User-Agent tells a known phone, its timeline says what
 * to do, so a technician sees the phone knocking at the wrong door.
 */
export function rootRequest(ctx: Context, fileName: string, caller: Caller): never {
  const agentMac = factsFromAgent(caller.userAgent).mac;
  const mac = macInFileName(fileName) ?? agentMac;
  const phone = mac ? ctx.store.state.phones.get(mac) : undefined;
  credentialFailure(ctx, caller, {
    kind: 'guard',
    mac: phone?.mac ?? '',
    what: `/${fileName.slice(0, 96)}`,
    status: 404,
    reason: 'no_such_path',
  });
  if (phone && resolveFileWithDialect(phone, fileName, { userAgent: caller.userAgent })) {
    recordStep(ctx, {
      mac: phone.mac,
      ip: caller.ip,
      userAgent: caller.userAgent,
      file: fileName,
      step: 3,
      outcome: 'failed',
      reason: `Asked for ${fileName} at the server root, without its provisioning token: nothing is served there. Give the phone its own provisioning URL (RPS, plug-and-play or typed in).`,
    });
  }
  throw new AppError('not_found', 'No such file', 'Phones fetch their files under the provisioning URL the RPS gives them.');
}
