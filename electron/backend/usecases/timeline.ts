/** Records step events: on the phone's timeline, in its flow state, and out to listeners. */
import type { NewStepEvent, StepEvent } from '../../../shared/flow/steps';
import { AppError } from '../errors';
import type { Context } from '../context';
import { requireMac } from './phones';
import { isoAt } from '../clock';

/** Identical requests this close together are one event with a repeat count, not a flood. */
const COALESCE_MS = 60_000;

function sameRequest(a: StepEvent, b: NewStepEvent): boolean {
  return (
    a.step === b.step &&
    a.outcome === b.outcome &&
    a.file === b.file &&
    a.ip === b.ip &&
    a.reason === b.reason &&
    a.userAgent === b.userAgent
  );
}

/**
 * A phone polling the same file again and again (a reboot loop, a too-short resync interval)
 * would push its history off the timeline: when the request repeats the last exchange exactly,
 * the earlier event's `detail.repeats` and `detail.lastAt` are updated instead. The count lives
 * in memory and reaches disk with the next snapshot; a crash can only lose repeat counts.
 */
function coalesce(ctx: Context, input: NewStepEvent): StepEvent | undefined {
  if (input.step === 1 || input.step === 7) return undefined;
  const list = ctx.store.state.timelines.get(input.mac);
  if (!list || list.length < 2) return undefined;
  const now = Date.now();
  for (let i = list.length - 1; i >= list.length - 2; i--) {
    const e = list[i] as StepEvent;
    if (!sameRequest(e, input)) continue;
    if (now - lastTimeOf(e) > COALESCE_MS) return undefined;
    // Updated in place: this is the hot path of a phone hammering one file.
    const detail = (e.detail ??= {});
    detail['repeats'] = (typeof detail['repeats'] === 'number' ? detail['repeats'] : 1) + 1;
    detail['lastAt'] = isoAt(now);
    lastTimes.set(e, now);
    return e;
  }
  return undefined;
}

/** When an event last happened, in milliseconds, without parsing its text on every request. */
const lastTimes = new WeakMap<StepEvent, number>();

function lastTimeOf(e: StepEvent): number {
  let t = lastTimes.get(e);
  if (t === undefined) {
    t = Date.parse(typeof e.detail?.['lastAt'] === 'string' ? e.detail['lastAt'] : e.at);
    lastTimes.set(e, t);
  }
  return t;
}

export function recordStep(ctx: Context, input: NewStepEvent): StepEvent {
  const repeated = coalesce(ctx, input);
  if (repeated) return repeated;
  const event: StepEvent = { ...input, seq: ctx.store.nextEventSeq(), at: input.at ?? isoAt(Date.now()) };
  // Its own detail: a repeat later counts on this event's copy, never on a caller's shared object.
  if (input.detail) event.detail = { ...input.detail };
  ctx.store.record({ op: 'appendEvent', event });
  ctx.applyEvent(event);
  ctx.bus.publish({ type: 'step', event });
  return event;
}

export function timelineOf(ctx: Context, macText: string): StepEvent[] {
  const mac = requireMac(macText);
  if (!ctx.store.state.phones.has(mac) && !ctx.store.state.timelines.has(mac)) {
    throw AppError.notFound(`Phone ${macText}`);
  }
  return ctx.store.state.timelines.get(mac) ?? [];
}
