/**
 * Walking the floor: ring a phone at its desk (Asterisk calls it and says its extension and label),
 * record the technician's verdict (confirmed, or wrong desk with a note) on the phone and its
 * timeline, and place a test call between two phones.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Account } from '../../../shared/domain/account';
import type { Phone } from '../../../shared/domain/phone';
import type { PhoneView } from '../../../shared/api/views';
import { DESK_CHECK_EXTEN, spokenDigits, spokenLabel, TEST_CALL_EXTEN } from '../../../shared/pbx/deskCheckDialplan';
import {
  eventIsFor,
  FINAL_RING_STATES,
  foldCallEvent,
  INITIAL_TRACK,
  type deskCheckInputSchema,
  type RingEvent,
  type ringInputSchema,
  type RingStarted,
  type testCallInputSchema,
  type TestCallEvent,
} from '../../../shared/pbx/ring';
import { foldTestCallEvent, INITIAL_TEST_CALL, testCallEventIsFor } from '../../../shared/pbx/testCall';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { AmiClient } from '../ami/amiClient';
import { AmiError } from '../ami/amiClient';
import { originateAndWatch } from '../ami/ring';
import { requirePhone, savePhone, viewPhone } from './phones';
import { recordStep } from './timeline';

/** The last ring of each phone: the backend's `lastRings` service (startBackend builds it). */
function ringsOf(ctx: Context): Map<string, RingEvent> {
  return ctx.services.lastRings;
}

/** The account on the phone's lowest line: the extension a desk check rings. */
export function deskAccount(ctx: Context, phone: Phone): Account {
  const lines = [...phone.lines].sort((a, b) => a.line - b.line);
  for (const l of lines) {
    const account = ctx.store.state.accounts.get(l.accountId);
    if (account) return account;
  }
  throw new AppError(
    'conflict',
    `Phone ${phone.mac} has no account, so there is no extension to ring`,
    'Assign an account to one of its lines first.',
  );
}

/** Whether the PBX has a reachable contact for the endpoint, as the registration monitor saw last. */
function registeredNow(ctx: Context, endpoint: string): boolean {
  return ctx.services.pbx.monitor.contacts.liveOf(endpoint) !== undefined;
}

/** The connected AMI client, or a 4xx saying that the PBX link is missing. */
function linkedClient(ctx: Context): AmiClient {
  try {
    return ctx.services.pbx.client();
  } catch (error) {
    const e = error as AppError;
    throw new AppError(
      'conflict',
      `No PBX link: ${e.message}`,
      e.hint ?? 'Ringing a phone needs the AMI link to Asterisk; set it up in the settings and test the connection.',
    );
  }
}

/** What a refused Originate means, in words that name the permission when that is it. */
function originateError(ctx: Context, error: unknown): AppError {
  if (error instanceof AmiError && error.kind === 'action_failed' && /permission denied/i.test(error.message)) {
    const user = ctx.store.state.settings.pbx.amiUser;
    return new AppError(
      'pbx_refused',
      `The AMI user "${user}" may not place calls: it lacks the "originate" write permission`,
      `Add "originate" to the "write =" line of [${user}] in manager.conf (and "call" to "read ="), then run "manager reload".`,
    );
  }
  if (error instanceof AmiError) return new AppError('pbx_unreachable', `The PBX refused the call: ${error.message}`, error.hint);
  return error instanceof AppError ? error : new AppError('internal', (error as Error).message);
}

export async function ringPhone(ctx: Context, macText: string, input: z.output<typeof ringInputSchema>): Promise<RingStarted> {
  const phone = requirePhone(ctx, macText);
  const account = deskAccount(ctx, phone);
  const client = linkedClient(ctx);
  const rings = ringsOf(ctx);
  const last = rings.get(phone.mac);
  if (last && !FINAL_RING_STATES.has(last.state)) {
    throw new AppError('conflict', `Phone ${macText} is already being rung`, 'Wait for that ring to end (or time out), then ring again.');
  }
  const callId = `dp-ring-${randomUUID()}`;
  const publish = (event: RingEvent) => {
    rings.set(phone.mac, event);
    ctx.bus.publish(event);
  };
  const label = spokenLabel(account.displayName || account.label);
  let track = INITIAL_TRACK;
  // Until Asterisk says the phone rings, the ring counts as started (so a second one is refused).
  rings.set(phone.mac, { type: 'ring', mac: phone.mac, callId, state: 'ringing' });
  try {
    await originateAndWatch(
      client,
      {
        channelId: callId,
        endpoint: account.userName,
        callerId: `"Desk check" <${account.userName}>`,
        timeoutSeconds: input.timeoutSeconds,
        exten: DESK_CHECK_EXTEN,
        variables: { DP_EXTEN: spokenDigits(account.userName), DP_LABEL: label },
      },
      {
        onEvent: (event, actionId) => {
          if (!eventIsFor(event, callId, actionId)) return false;
          let next = foldCallEvent(track, event);
          if (next.done && next.state === 'failed' && !next.channel && !registeredNow(ctx, account.userName)) {
            next = { ...next, cause: `Not registered: the PBX has no contact for ${account.userName}` };
          }
          if (next.state !== track.state && next.state !== 'dialling') {
            const cause = next.cause && next.state !== 'answered' && next.state !== 'ringing' ? { cause: next.cause } : {};
            publish({ type: 'ring', mac: phone.mac, callId, state: next.state, ...cause });
          }
          track = next;
          return next.done;
        },
        onLost: (reason) => publish({ type: 'ring', mac: phone.mac, callId, state: 'failed', cause: reason }),
      },
    );
  } catch (error) {
    rings.delete(phone.mac);
    throw originateError(ctx, error);
  }
  return { callId };
}

/** The last ring of a phone, if any since the app started. */
export function lastRing(ctx: Context, mac: string): RingEvent | undefined {
  return ringsOf(ctx).get(mac);
}

export async function recordDeskCheck(ctx: Context, macText: string, input: z.output<typeof deskCheckInputSchema>): Promise<PhoneView> {
  const phone = requirePhone(ctx, macText);
  const ring = ringsOf(ctx).get(phone.mac);
  const note = input.note?.trim();
  const at = new Date().toISOString();
  const next: Phone = {
    ...phone,
    deskCheck: { outcome: input.outcome, at, ...(note ? { note } : {}), ...(ring ? { ring: ring.state } : {}) },
  };
  // No revision bump: the desk check changes nothing the phone's files are made of.
  await savePhone(ctx, next, phone);
  const flow = ctx.flowOf(phone.mac);
  recordStep(ctx, {
    mac: phone.mac,
    step: 7,
    outcome: 'info',
    ip: flow.lastIp ?? '',
    userAgent: '',
    at,
    detail: { deskCheck: input.outcome, ...(note ? { note } : {}), ...(ring ? { ring: ring.state } : {}) },
  });
  return viewPhone(ctx, next);
}

export async function testCall(ctx: Context, fromMacText: string, input: z.output<typeof testCallInputSchema>): Promise<RingStarted> {
  const from = requirePhone(ctx, fromMacText);
  const to = requirePhone(ctx, input.toMac);
  if (from.mac === to.mac) throw new AppError('validation_failed', 'A test call needs two different phones', 'Pick another phone to call.');
  const a = deskAccount(ctx, from);
  const b = deskAccount(ctx, to);
  const client = linkedClient(ctx);
  const callId = `dp-call-${randomUUID()}`;
  let track = INITIAL_TEST_CALL;
  const publish = (event: TestCallEvent) => ctx.bus.publish(event);
  const base = { type: 'test-call' as const, callId, fromMac: from.mac, toMac: to.mac };
  publish({ ...base, state: 'calling' });
  try {
    await originateAndWatch(
      client,
      {
        channelId: callId,
        endpoint: a.userName,
        callerId: `"Test call" <${b.userName}>`,
        timeoutSeconds: input.timeoutSeconds,
        exten: TEST_CALL_EXTEN,
        variables: { DP_TARGET: b.userName, DP_TIMEOUT: String(input.timeoutSeconds), DP_HOLD: String(input.holdSeconds) },
      },
      {
        onEvent: (event, actionId) => {
          if (!testCallEventIsFor(event, track, callId, actionId)) return false;
          const next = foldTestCallEvent(track, event, callId, Date.now());
          if (next.state !== track.state) {
            publish({
              ...base,
              state: next.state,
              ...(next.durationSeconds !== undefined ? { durationSeconds: next.durationSeconds } : {}),
              ...(next.cause && next.state === 'failed' ? { cause: next.cause } : {}),
            });
          }
          track = next;
          return next.done;
        },
        onLost: (reason) => publish({ ...base, state: 'failed', cause: reason }),
      },
      // The call stays up for the hold time after both answered, plus B's ring time.
      (input.holdSeconds + input.timeoutSeconds) * 1000,
    );
  } catch (error) {
    const e = originateError(ctx, error);
    publish({ ...base, state: 'failed', cause: e.message });
    throw e;
  }
  return { callId };
}
