/**
 * Resolve and render: which file of which dialect a request means, and its body for this phone;
 * for a redirect ask, where the phone is sent. What a request meant and each rendered body are kept
 * in the render cache (usecases/renderCache.ts) until the phone or anything every phone depends
 * on changes, so a phone fetching the same files again costs a lookup of the phone and one of the file.
 */
import { isProbeName, resolveFileWithDialect, dialectFor } from '../../../shared/dialects/registry';
import type { ServedFile } from '../../../shared/dialects/types';
import type { Phone } from '../../../shared/domain/phone';
import { pickRedirect } from '../../../shared/domain/redirect';
import { formatMac, type Mac } from '../../../shared/mac';
import type { RpsRedirect } from '../../../shared/rps/protocol';
import { hotdeskRefusal, macInFileName } from '../../../shared/vendors/registry';
import { isoAt } from '../clock';
import type { Context } from '../context';
import { factsFromAgent } from '../usecases/callers';
import { AppError } from '../errors';
import type { Caller } from '../caller';
import { provisioningInput } from '../usecases/provisioning';
import type { PhoneFiles, Rendered, Understood } from '../usecases/renderCache';
import { provisioningUrlFor } from '../usecases/security';
import type { RedirectAsk } from './identify';
import type { StepBase } from './authorize';
import type { Outcome } from './record';

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

/**
 * What a request means: the facts its User-Agent tells, whether the file name or User-Agent
 * names another phone, which dialect's file it is. Kept until the phone itself changes (its saved
 * object is replaced) or anything every phone depends on does (the render epoch).
 */
function understand(files: PhoneFiles, phone: Phone, fileName: string, userAgent: string): Understood {
  const memo = files.understood;
  const key = `${fileName}\n${userAgent}`;
  let found = memo.get(key);
  if (!found) {
    const { mac: agentMac, ...agentFacts } = factsFromAgent(userAgent);
    const mismatch = identityMismatch(phone, fileName, agentMac);
    const resolved = mismatch ? undefined : resolveFileWithDialect(phone, fileName, { userAgent });
    found = { agentFacts, mismatch, resolved, probe: !resolved && !mismatch && isProbeName(phone, fileName) };
    memo.set(key, found);
  }
  return found;
}

export interface ResolvedRequest {
  found: Understood & { resolved: NonNullable<Understood['resolved']> };
  /** The phone's entry in the render cache, for this render epoch. */
  files: PhoneFiles;
  file: ServedFile;
  /** Single-file vendors (Grandstream, Fanvil) serve boot and configuration in one file: steps 3 to 6 at once. */
  isBoot: boolean;
  isConfig: boolean;
}

/** The file a phone asked for, with the sighting noted; a file it may not have is a 404 and a failed step 5. */
export function resolveFile(ctx: Context, phone: Phone, fileName: string, caller: Caller, out: Outcome): ResolvedRequest {
  const files = ctx.services.renders.of(phone, ctx.renderEpoch);
  const found = understand(files, phone, fileName, caller.userAgent);
  const { agentFacts, mismatch, resolved, probe } = found;
  const file = resolved?.file;
  const isBoot = file ? file.role === 'boot' || file.provides.includes('boot') : false;
  const isConfig = file ? !isBoot || file.provides.some((r) => r === 'account' || r === 'buttons') : false;
  // A file found is recorded once it is served (steps 4 and 6 mark the requests, 3 and 5, with them).
  if (!file) {
    out.step({
      mac: phone.mac,
      ip: caller.ip,
      userAgent: caller.userAgent,
      file: fileName,
      step: 5,
      outcome: probe ? 'info' : 'failed',
      reason:
        mismatch ??
        (probe
          ? `Asked for ${fileName}, which this app does not serve; the phone carries on without it.`
          : `Asked for ${fileName}, which this server does not have.`),
    });
  }
  if (mismatch) out.warn('provisioning request for another phone refused', { mac: phone.mac, ip: caller.ip, file: fileName.slice(0, 96) });
  else {
    const now = Date.now();
    out.sighting(
      { mac: phone.mac, source: 'provisioning', ...agentFacts, at: isoAt(now), ip: caller.ip, userAgent: caller.userAgent, isPhone: true },
      now,
    );
  }
  if (!file || !resolved) throw new AppError('not_found', `No file named ${fileName.slice(0, 80)} for this phone`);
  return { found: found as ResolvedRequest['found'], files, file, isBoot, isConfig };
}

/**
 * The file's body for this phone, rendered once per change of anything it depends on (the render
 * epoch) and shared by every request for it, with the detail its timeline event carries.
 */
export function renderFile(
  ctx: Context,
  phone: Phone,
  fileName: string,
  { found, files }: ResolvedRequest,
): NonNullable<Understood['served']> {
  // understand() answered for the current render epoch, so what it kept is current too.
  if (found.served) return found.served;
  const { file, dialect } = found.resolved;
  const cache = files.rendered;
  const key = `${dialect.id}/${fileName.toLowerCase()}`;
  let rendered: Rendered | undefined = cache.get(key);
  if (!rendered) {
    const input = provisioningInput(ctx, phone);
    const notApplied = (dialect.unsupportedButtons?.(input) ?? []).filter((p) => p.severity === 'error').length;
    const body = file.render(input);
    rendered = { bytes: Buffer.from(body, 'utf8'), chars: body.length, notApplied };
    cache.set(key, rendered);
  }
  const detail = {
    bytes: rendered.chars,
    ...(dialect.id !== 'default' ? { dialect: dialect.id } : {}),
    ...(rendered.notApplied > 0 && file.provides.includes('buttons') ? { notApplied: rendered.notApplied } : {}),
  };
  return (found.served = { rendered, detail });
}

/** A phone asked for a file at the listener root: nothing is served; a known phone's timeline says what to do. */
export function resolveRootFile(ctx: Context, fileName: string, caller: Caller, out: Outcome): never {
  const mac = macInFileName(fileName) ?? factsFromAgent(caller.userAgent).mac;
  const phone = mac ? ctx.store.state.phones.get(mac) : undefined;
  out.failure({ kind: 'guard', mac: phone?.mac ?? '', what: `/${fileName.slice(0, 96)}`, status: 404, reason: 'no_such_path' });
  if (phone && resolveFileWithDialect(phone, fileName, { userAgent: caller.userAgent })) {
    out.step({
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

/** Where an assigned, verified phone is sent: its redirect rule's server, or this app's files. */
export function resolveRedirect(
  ctx: Context,
  phone: Phone,
  ask: RedirectAsk,
  caller: Caller,
  what: string,
  out: Outcome,
  base: StepBase,
): RpsRedirect {
  if (phone.userType === 'standard' && phone.lines.length === 0) {
    out.step({ ...base, step: 2, outcome: 'failed', reason: 'No SIP account assigned: assign one to line 1, then reboot the phone.' });
    throw new AppError('not_assigned', 'This device has no account assigned yet', 'Assign a SIP account to it; then reboot the phone.');
  }
  const hotdesk = phone.userType === 'hotdesk' ? hotdeskRefusal(phone.vendor || ask.vendor || '') : undefined;
  if (hotdesk) {
    out.step({ ...base, step: 2, outcome: 'failed', reason: `Not redirected: ${hotdesk}` });
    throw new AppError('not_assigned', hotdesk, 'Make this phone a standard phone with its own account, then reboot it.');
  }
  // Learn what the device told us about itself; saved before the answer goes out.
  const learned = {
    serial: phone.serial || ask.serial || '',
    model: ask.model || phone.model,
    firmware: ask.firmware || phone.firmware,
    vendor: phone.vendor || ask.vendor || '',
    lastIp: caller.ip,
  };
  const known = { ...phone, ...learned };
  if (Object.entries(learned).some(([k, v]) => phone[k as keyof typeof learned] !== v)) out.learn(known, phone);
  const rule = pickRedirect(ctx.store.state.rules, { ...known, mac: ask.mac });
  if (rule && rule.target.kind === 'external') {
    const url = rule.target.url.replace('{mac}', ask.mac);
    out.step({ ...base, step: 2, outcome: 'ok', detail: { target: url, rule: rule.name } });
    return { status: 'redirect', provisioningUrl: url };
  }
  const bootFile = dialectFor(known).bootFileName(ask.mac);
  out.step({ ...base, step: 2, outcome: 'ok', detail: { target: 'this app', ...(rule ? { rule: rule.name } : {}) } });
  out.audit({ kind: 'rps', mac: ask.mac, what, outcome: 'served', status: 200 });
  return { status: 'redirect', provisioningUrl: provisioningUrlFor(ctx, phone, caller), bootFile };
}
