/** Records step events: on the phone's timeline, in its flow state, and out to listeners. */
import type { NewStepEvent, StepEvent } from '../../../shared/flow/steps';
import { AppError } from '../errors';
import type { StoredEvent } from '../store/state';
import type { Context } from '../context';
import { requireMac } from './phones';
import { isoAt } from '../clock';

/** Identical requests this close together are one event with a repeat count, not a flood. */
const COALESCE_MS = 60_000;

function sameRequest(a: StoredEvent, b: NewStepEvent): boolean {
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
  // The last event; or the one before it when the last is the other step of the same file's exchange
  // (a single-file vendor's file is steps 4 and 6 at once), so a repeat never lands before another file's.
  const last = list[list.length - 1] as StoredEvent;
  const from = last.file === input.file && last.step !== input.step ? list.length - 2 : list.length - 1;
  for (let i = list.length - 1; i >= from; i--) {
    const e = list[i] as StoredEvent;
    if (!sameRequest(e, input)) continue;
    if (now - lastTimeOf(e) > COALESCE_MS) return undefined;
    // The hot path of a phone hammering one file: the store swaps in the counted form, in memory.
    const repeats = (typeof e.detail?.['repeats'] === 'number' ? e.detail['repeats'] : 1) + 1;
    const folded: StepEvent = { ...e, detail: { ...e.detail, repeats, lastAt: isoAt(now) } };
    lastTimes.set(folded, now);
    ctx.store.foldTimeline(input.mac, new Map([[i, folded]]));
    return folded;
  }
  return undefined;
}

/** When an event last happened, in milliseconds, without parsing its text on every request. */
const lastTimes = new WeakMap<StoredEvent, number>();

function lastTimeOf(e: StoredEvent): number {
  let t = lastTimes.get(e);
  if (t === undefined) {
    t = Date.parse(typeof e.detail?.['lastAt'] === 'string' ? e.detail['lastAt'] : e.at);
    lastTimes.set(e, t);
  }
  return t;
}

// ---- repeated cycles ---------------------------------------------------------------------

/** Events longer ago than this are not searched for a cycle to fold. */
const CYCLE_SCAN = 64;
const FOLD_KEYS = new Set(['repeats', 'lastAt']);

function sameDetail(a: StoredEvent['detail'], b: StoredEvent['detail']): boolean {
  const keys = (d: StoredEvent['detail']) => Object.keys(d ?? {}).filter((k) => !FOLD_KEYS.has(k));
  const ka = keys(a);
  return ka.length === keys(b).length && ka.every((k) => a?.[k] === b?.[k]);
}

function sameEvent(a: StoredEvent, b: StoredEvent): boolean {
  return sameRequest(a, b) && String(a.provides ?? '') === String(b.provides ?? '') && sameDetail(a.detail, b.detail);
}

/**
 * A boot cycle starts at the RPS (step 1), or at the BootFile when the phone skipped the RPS: its
 * request (step 3: refused, or in timelines from before one event per exchange) or the BootFile
 * served (step 4) with no request of it just before.
 */
function startsCycle(step: number, previousStep: number | undefined): boolean {
  if (step === 1) return true;
  if (previousStep === 1 || previousStep === 2) return false;
  return step === 3 || (step === 4 && previousStep !== 3);
}

function cycleStartBefore(list: readonly StoredEvent[], from: number, floor: number): number {
  for (let i = from; i >= floor; i--) if (startsCycle((list[i] as StoredEvent).step, list[i - 1]?.step)) return i;
  return -1;
}

/**
 * For each event of the newer cycle, the index of the same event in the older one, or undefined
 * when the cycles differ. Files a phone fetches in parallel (ACC.cfg and BTN.cfg) may come in
 * either order, so events are matched as a set, except registration events (step 7), which must
 * sit at the same place: they are the only marks a new boot cycle does not reset.
 */
function matchCycles(list: readonly StoredEvent[], a: number, b: number, n: number): number[] | undefined {
  const used = new Array<boolean>(n).fill(false);
  const match: number[] = [];
  for (let k = 0; k < n; k++) {
    const newer = list[b + k] as StoredEvent;
    if (newer.step === 7 || (list[a + k] as StoredEvent).step === 7) {
      if (used[k] || !sameEvent(list[a + k] as StoredEvent, newer)) return undefined;
      used[k] = true;
      match.push(a + k);
      continue;
    }
    let found = -1;
    for (let j = 0; j < n && found < 0; j++) {
      const older = list[a + j] as StoredEvent;
      if (!used[j] && older.step !== 7 && sameEvent(older, newer)) found = j;
    }
    if (found < 0) return undefined;
    used[found] = true;
    match.push(a + found);
  }
  return match;
}

/**
 * A phone that goes through the same boot cycle again and again (periodic resync, a reboot loop,
 * the soak bench) would fill its timeline with copies and push its history out: when a new cycle
 * starts and the last cycle repeated the one before it (same files, outcomes, sizes, addresses,
 * reasons; parallel fetches in either order), the last cycle is folded into the one before it
 * (`detail.repeats`, `detail.lastAt`, as for a single repeated request). Nothing between them, and
 * nothing that differed, is touched, so the order of events and the flow state folded from them
 * at a restart stay the same (a new cycle resets every mark but registration's). The journal keeps
 * every event; the folded form reaches disk with the next snapshot, so a crash can only undo a fold.
 */
function foldRepeatedCycle(ctx: Context, mac: string, list: readonly StoredEvent[]): void {
  const floor = Math.max(0, list.length - CYCLE_SCAN);
  const b = cycleStartBefore(list, list.length - 1, floor);
  if (b <= floor) return;
  const a = cycleStartBefore(list, b - 1, floor);
  const n = b - a;
  if (a < 0 || list.length - b !== n) return;
  const match = matchCycles(list, a, b, n);
  if (!match) return;
  const count = (d: StoredEvent['detail']) => (typeof d?.['repeats'] === 'number' ? d['repeats'] : 1);
  const replaced = new Map<number, StoredEvent>();
  for (let k = 0; k < n; k++) {
    const at = match[k] as number;
    const older = replaced.get(at) ?? (list[at] as StoredEvent);
    const newer = list[b + k] as StoredEvent;
    const lastAt = typeof newer.detail?.['lastAt'] === 'string' ? newer.detail['lastAt'] : newer.at;
    const folded: StoredEvent = { ...older, detail: { ...older.detail, repeats: count(older.detail) + count(newer.detail), lastAt } };
    lastTimes.set(folded, lastTimeOf(newer));
    replaced.set(at, folded);
  }
  ctx.store.foldTimeline(mac, replaced, b);
}

export function recordStep(ctx: Context, input: NewStepEvent): StepEvent {
  const list = ctx.store.state.timelines.get(input.mac);
  if (list && list.length > 0 && startsCycle(input.step, list[list.length - 1]?.step)) foldRepeatedCycle(ctx, input.mac, list);
  const repeated = coalesce(ctx, input);
  if (repeated) return repeated;
  // Built field by field: every stored event has the same shape, whatever shape the caller's had.
  const event: StepEvent = {
    seq: ctx.store.nextEventSeq(),
    mac: input.mac,
    step: input.step,
    at: input.at ?? isoAt(Date.now()),
    outcome: input.outcome,
    ip: ctx.store.intern(input.ip),
    userAgent: ctx.store.intern(input.userAgent),
  };
  if (input.file !== undefined) event.file = input.file;
  if (input.provides !== undefined) event.provides = input.provides;
  if (input.reason !== undefined) event.reason = input.reason;
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
  return [...(ctx.store.state.timelines.get(mac) ?? [])];
}
