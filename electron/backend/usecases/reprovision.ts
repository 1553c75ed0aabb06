/**
 * Re-provision a live phone, and follow it to the end. Asked for one phone (or a selection), it:
 * opens the phone's lock for its own last known address for a short window (audit log), sends
 * the vendor plugin's resync event through the PBX (AMI PJSIPNotify), and follows the phone's
 * requests: `pending` until its file cycle is done (`fetched`: which files, from which address),
 * then `registered` once a REGISTER of its account got through again. The window closes as soon as
 * the cycle is done, or when it passes (`no_fetch`, with what to check). Every step goes out on
 * the event stream (`reprovision`) and the notable ones onto the phone's timeline (step 7, info).
 * A send that fails is an error with its own status (409, 502, 503) and a timeline event.
 */
import { randomUUID } from 'node:crypto';
import type { StepEvent } from '../../../shared/flow/steps';
import type { Phone } from '../../../shared/domain/phone';
import { resyncEventsFor } from '../../../shared/pbx/notify';
import {
  REPROVISION_FINAL,
  REPROVISION_WINDOW_DEFAULT_S,
  type ReprovisionBulkResult,
  type ReprovisionState,
  type ReprovisionView,
} from '../../../shared/pbx/reprovision';
import { vendorByName } from '../../../shared/vendors/registry';
import type { Context } from '../context';
import { AppError } from '../errors';
import { AmiError } from '../ami/amiClient';
import { requirePhone } from './phones';
import { ReprovisionWindows } from './reprovisionWindow';
import { audit } from './security';
import { recordStep } from './timeline';

export interface ReprovisionOptions {
  reboot: boolean;
  windowSeconds: number;
}

interface Tracked {
  view: ReprovisionView;
  /** The PBX endpoints of the phone's lines: a REGISTER of any of them is "registered again". */
  endpoints: string[];
  requestedMs: number;
  fetchedMs?: number;
  /** The last registration failure seen since the fetch. */
  lastFailure?: string;
  timer?: NodeJS.Timeout;
  poll?: NodeJS.Timeout;
}

const POLL_MS = 250;

/**
 * The re-provisions of one backend, built by startBackend (`ctx.services.reprovisions`): the
 * lock windows it opened and each phone's last re-provision, followed from the step events.
 */
export class ReprovisionService {
  readonly byMac = new Map<string, Tracked>();
  readonly windows = new ReprovisionWindows();
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: Context) {
    this.unsubscribe = ctx.bus.subscribe((event) => {
      if (event.type === 'step') this.onStep(event.event);
    });
  }

  stop(): void {
    this.unsubscribe();
    for (const t of this.byMac.values()) {
      clearTimeout(t.timer);
      clearInterval(t.poll);
    }
  }

  publish(t: Tracked): void {
    t.view.windowOpen = this.windows.get(t.view.mac)?.openedAt === Date.parse(t.view.requestedAt) || false;
    this.ctx.bus.publish({ type: 'reprovision', reprovision: { ...t.view, files: [...t.view.files] } });
  }

  /** Stops following `mac` (a newer re-provision replaces it), closing its window. */
  drop(mac: string): void {
    const t = this.byMac.get(mac);
    if (!t) return;
    clearTimeout(t.timer);
    clearInterval(t.poll);
    if (!REPROVISION_FINAL.has(t.view.state)) this.closeWindow(t, 'a new re-provision replaced this one');
  }

  closeWindow(t: Tracked, why: string): void {
    const w = this.windows.close(t.view.mac);
    if (!w) return;
    audit(
      this.ctx,
      { ip: w.address, userAgent: '' },
      { kind: 'reprovision', mac: t.view.mac, what: `re-provision window closed: ${why}`, outcome: 'closed', status: 0 },
    );
  }

  /** A step of the re-provision on the phone's timeline: a step 7 info event. */
  private mark(t: Tracked, detail: Record<string, string>, extra: { ip?: string; reason?: string } = {}): void {
    recordStep(this.ctx, {
      mac: t.view.mac,
      step: 7,
      outcome: 'info',
      ip: extra.ip ?? '',
      userAgent: '',
      ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
      detail,
    });
  }

  finish(t: Tracked, state: ReprovisionState, message: string, hint?: string): void {
    clearTimeout(t.timer);
    clearInterval(t.poll);
    t.view.state = state;
    t.view.message = message;
    if (hint) t.view.hint = hint;
    else delete t.view.hint;
  }

  private onStep(event: StepEvent): void {
    const t = this.byMac.get(event.mac);
    if (!t || REPROVISION_FINAL.has(t.view.state) || Date.parse(event.at) < t.requestedMs) return;
    let changed = false;
    if (event.file && event.step >= 3 && event.step <= 6 && event.outcome !== 'info') {
      const served = event.outcome === 'ok';
      if (
        (event.step === 4 || event.step === 6 || !served) &&
        !t.view.files.some((f) => f.file === event.file && f.ip === event.ip && f.served === served)
      ) {
        t.view.files.push({ file: event.file, ip: event.ip, at: event.at, served, ...(event.reason ? { reason: event.reason } : {}) });
        changed = true;
      }
    }
    if (t.view.state === 'pending' && this.cycleDone(t)) {
      this.fetched(t, event);
      return;
    }
    if (t.view.state === 'fetched' && event.step === 7 && event.outcome === 'failed') {
      // Kept for the deadline: a phone may un-register before it registers again.
      t.lastFailure = event.reason;
    } else if (t.view.state === 'fetched' && event.step === 7 && event.outcome === 'ok') {
      this.registered(t, event.at);
      return;
    }
    if (changed) this.publish(t);
  }

  /** The phone's file cycle since the request is done: its account and keys were served. */
  private cycleDone(t: Tracked): boolean {
    const flow = this.ctx.flowOf(t.view.mac);
    const mark = flow.steps[6];
    return (
      mark?.outcome === 'ok' && Date.parse(mark.at) >= t.requestedMs && flow.served.includes('account') && flow.served.includes('buttons')
    );
  }

  private fetched(t: Tracked, event: StepEvent): void {
    clearTimeout(t.timer);
    this.closeWindow(t, 'the phone fetched its files');
    const now = Date.now();
    t.fetchedMs = now;
    t.view.state = 'fetched';
    t.view.fetchedAt = event.at;
    const from = [...new Set(t.view.files.filter((f) => f.served).map((f) => f.ip))].join(', ');
    const names = t.view.files.filter((f) => f.served).map((f) => f.file);
    t.view.message = `Fetched ${names.join(', ')} from ${from || event.ip}; waiting for it to register again.`;
    delete t.view.hint;
    this.mark(t, { reprovision: 'fetched', files: names.join(', '), from: from || event.ip }, { ip: event.ip });
    // Registered again: a REGISTER of one of its accounts got through after the fetch.
    const deadlineS = this.ctx.store.state.settings.pbx.registerDeadlineSeconds;
    const monitor = this.service()?.monitor;
    t.poll = setInterval(() => {
      if (monitor && t.endpoints.some((n) => monitor.lastRegisterAt(n) >= now)) this.registered(t, new Date().toISOString());
    }, POLL_MS);
    t.poll.unref?.();
    t.timer = setTimeout(() => this.registerDeadline(t, deadlineS), deadlineS * 1000);
    t.timer.unref?.();
    this.publish(t);
  }

  private registered(t: Tracked, at: string): void {
    if (t.view.state !== 'fetched') return;
    this.finish(t, 'registered', `Fetched its files and registered again (${t.endpoints.join(', ')}).`);
    t.view.registeredAt = at;
    this.mark(t, { reprovision: 'registered' });
    this.publish(t);
  }

  private registerDeadline(t: Tracked, seconds: number): void {
    if (t.view.state !== 'fetched') return;
    const live = this.liveContact(t.endpoints);
    if (live) {
      // A phone that re-synced without reboot and whose account did not change keeps its registration.
      this.finish(t, 'registered', `Fetched its files; still registered (${live}), no new REGISTER was needed.`);
      t.view.registeredAt = new Date().toISOString();
      this.publish(t);
      return;
    }
    const reason = `The phone fetched its files but did not register again within ${seconds} s.${t.lastFailure ? ` Last from the PBX: ${t.lastFailure}` : ''}`;
    this.finish(
      t,
      'no_register',
      reason,
      "Check the phone's SIP server, user name and password in what it fetched, that it can reach the PBX, and step 7 on its timeline.",
    );
    this.mark(t, { reprovision: 'no_register' }, { reason });
    this.publish(t);
  }

  windowPassed(t: Tracked): void {
    if (t.view.state !== 'pending') return;
    this.closeWindow(t, `nothing fetched within ${t.view.windowSeconds} s`);
    const refused = t.view.files.filter((f) => !f.served);
    const reason = `The phone did not fetch its files within ${t.view.windowSeconds} s.`;
    const hint = [
      `Check that the phone is on and reachable at ${t.view.address}`,
      `that its firmware acts on a NOTIFY "${t.view.event}" (some vendors need it enabled, e.g. Yealink sip.notify_reboot_enable, Snom checksync_action)`,
      "that its provisioning URL still points at this app (see the phone's page)",
      refused.length > 0
        ? `and why these were refused: ${refused.map((f) => `${f.file} from ${f.ip}`).join(', ')} (the lock opens only for ${t.view.address})`
        : 'and that nothing between the PBX and the phone drops SIP NOTIFY',
    ].join(', ');
    this.finish(t, 'no_fetch', reason, `${hint}. Then re-provision again.`);
    this.mark(t, { reprovision: 'no_fetch', event: t.view.event }, { reason });
    this.publish(t);
  }

  liveContact(endpoints: readonly string[]): string | undefined {
    const contacts = this.service()?.monitor.contacts;
    if (!contacts) return undefined;
    for (const endpoint of endpoints) {
      const live = contacts.liveOf(endpoint);
      if (live) return live.uri;
    }
    return undefined;
  }

  service(): Context['services']['pbx'] {
    return this.ctx.services.pbx;
  }
}

function trackerOf(ctx: Context): ReprovisionService {
  return ctx.services.reprovisions;
}

export function listReprovisions(ctx: Context): ReprovisionView[] {
  const tracker = trackerOf(ctx);
  return [...tracker.byMac.values()].map((t) => {
    const open = tracker.windows.get(t.view.mac)?.openedAt === Date.parse(t.view.requestedAt);
    return { ...t.view, files: [...t.view.files], windowOpen: open };
  });
}

/** The PBX's answer, as an AppError with the status docs/API.md gives it. */
function sendError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof AmiError && error.kind === 'action_failed') {
    const hint = /permission denied/i.test(error.message)
      ? 'Give the AMI user "write = system" in manager.conf (Asterisk 22 needs it for PJSIPNotify), reload the manager, then try again.'
      : /unknown command/i.test(error.message)
        ? 'Load res_pjsip_notify.so on the PBX (module load res_pjsip_notify.so), then try again.'
        : 'Check that the phone is still registered with the PBX, then try again.';
    return new AppError('pbx_refused', `The PBX refused to send the NOTIFY: ${error.message}`, hint);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(
    'pbx_unreachable',
    `The link to the PBX dropped while sending the NOTIFY (${message})`,
    'The app reconnects by itself; try again once the PBX shows connected in the settings.',
  );
}

/** The phone's line endpoints that have a live contact at the PBX, first line first. */
function registeredEndpoints(
  ctx: Context,
  service: Context['services']['pbx'],
  phone: Phone,
): { endpoints: string[]; live: string[]; ip?: string } {
  const contacts = service.monitor.contacts;
  const endpoints = [...phone.lines]
    .sort((a, b) => a.line - b.line)
    .map((l) => ctx.store.state.accounts.get(l.accountId)?.userName)
    .filter((n): n is string => n !== undefined);
  const live = endpoints.filter((n) => contacts.liveOf(n) !== undefined);
  const ip = live[0] === undefined ? undefined : contacts.liveOf(live[0])?.ip;
  return { endpoints, live, ...(ip ? { ip } : {}) };
}

function failureEvent(ctx: Context, phone: Phone, error: AppError, event: string | undefined): void {
  recordStep(ctx, {
    mac: phone.mac,
    step: 7,
    outcome: 'info',
    ip: '',
    userAgent: '',
    reason: `Re-provision not sent: ${error.message}`,
    detail: { reprovision: 'failed', code: error.code, ...(event ? { event } : {}) },
  });
}

async function start(ctx: Context, phone: Phone, options: ReprovisionOptions): Promise<ReprovisionView> {
  const tracker = trackerOf(ctx);
  const events = resyncEventsFor(phone);
  const event = options.reboot ? events.reboot : events.resync;
  if (!event) {
    const name = vendorByName(phone.vendor)?.name ?? phone.vendor;
    throw new AppError(
      'bad_request',
      `${name} phones have one re-sync event, with no separate reboot`,
      'Use "Re-provision": the phone re-fetches its files and applies them as its firmware does.',
    );
  }
  const service = ctx.services.pbx;
  const client = service.client();
  const { endpoints, live, ip } = registeredEndpoints(ctx, service, phone);
  const endpoint = live[0];
  if (!endpoint) {
    throw new AppError(
      'conflict',
      `Phone ${phone.mac} is not registered with the PBX`,
      'Only a registered phone can be asked to re-fetch (the PBX delivers the NOTIFY to its registration). Reboot it by hand instead.',
    );
  }
  const address = ctx.flowOf(phone.mac).lastIp || phone.lastIp || ip || '';
  tracker.drop(phone.mac);
  const now = Date.now();
  const until = now + options.windowSeconds * 1000;
  const t: Tracked = {
    endpoints,
    requestedMs: now,
    view: {
      id: randomUUID(),
      mac: phone.mac,
      state: 'pending',
      reboot: options.reboot,
      event,
      endpoint,
      address,
      requestedAt: new Date(now).toISOString(),
      windowUntil: new Date(until).toISOString(),
      windowSeconds: options.windowSeconds,
      windowOpen: true,
      files: [],
      message: `NOTIFY ${event} sent to ${endpoint}; waiting for the phone to fetch its files from ${address} (up to ${options.windowSeconds} s).`,
    },
  };
  // Tracked and open before the NOTIFY leaves: a phone may ask for its files within milliseconds.
  tracker.byMac.set(phone.mac, t);
  tracker.windows.open(phone.mac, address, until, now);
  audit(
    ctx,
    { ip: address, userAgent: '' },
    {
      kind: 'reprovision',
      mac: phone.mac,
      what: `re-provision window opened for ${options.windowSeconds} s (NOTIFY ${event} to ${endpoint})`,
      outcome: 'opened',
      status: 0,
    },
  );
  recordStep(ctx, {
    mac: phone.mac,
    step: 7,
    outcome: 'info',
    ip: address,
    userAgent: '',
    detail: { reprovision: 'pending', notify: event, endpoint, window: `${address} for ${options.windowSeconds} s` },
  });
  tracker.publish(t);
  try {
    await client.action('PJSIPNotify', { Endpoint: endpoint, Variable: [`Event=${event}`] });
  } catch (error) {
    const e = sendError(error);
    tracker.closeWindow(t, 'the NOTIFY was not sent');
    tracker.finish(t, 'failed', e.message, e.hint);
    throw e;
  }
  if (t.view.state === 'pending') {
    t.timer = setTimeout(() => tracker.windowPassed(t), Math.max(0, until - Date.now()));
    t.timer.unref?.();
  }
  return { ...t.view, files: [...t.view.files] };
}

/** One phone: the re-provision as it stands once the NOTIFY was sent, or an AppError (and a timeline event). */
export async function reprovisionPhone(ctx: Context, macText: string, options: ReprovisionOptions): Promise<ReprovisionView> {
  const phone = requirePhone(ctx, macText);
  try {
    return await start(ctx, phone, options);
  } catch (error) {
    const e = sendError(error);
    failureEvent(ctx, phone, e, resyncEventsFor(phone)[options.reboot ? 'reboot' : 'resync']);
    const tracker = trackerOf(ctx);
    const t = tracker.byMac.get(phone.mac);
    if (t && t.view.state === 'failed') tracker.publish(t);
    throw e;
  }
}

/** A selection: one result per phone; without any PBX link, the whole request fails as one phone would. */
export async function reprovisionPhones(
  ctx: Context,
  input: { macs: readonly string[] } & ReprovisionOptions,
): Promise<ReprovisionBulkResult> {
  const service = ctx.services.pbx;
  service.client();
  const results: ReprovisionBulkResult['results'] = [];
  const seen = new Set<string>();
  for (const mac of input.macs) {
    try {
      const phone = requirePhone(ctx, mac);
      if (seen.has(phone.mac)) continue;
      seen.add(phone.mac);
      results.push({ mac: phone.mac, ok: true, reprovision: await reprovisionPhone(ctx, phone.mac, input) });
    } catch (error) {
      const e = error instanceof AppError ? error : sendError(error);
      results.push({ mac, ok: false, error: { code: e.code, status: e.status, message: e.message, ...(e.hint ? { hint: e.hint } : {}) } });
    }
  }
  return { results };
}

/** `?reboot=true&windowSeconds=60` as options. */
export function reprovisionOptions(
  query: { reboot?: string | undefined; windowSeconds?: number | undefined } | undefined,
): ReprovisionOptions {
  return {
    reboot: query?.reboot === 'true' || query?.reboot === '1',
    windowSeconds: query?.windowSeconds ?? REPROVISION_WINDOW_DEFAULT_S,
  };
}
