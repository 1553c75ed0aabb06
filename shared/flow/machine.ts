/**
 * The flow's state machine. A phone's state is a fold of its timeline: `reduceFlow` takes one
 * event at a time, so the server keeps states up to date incrementally and the renderer can
 * rebuild them from the event stream with the same code.
 *
 * A boot cycle starts when the device asks the RPS (step 1) or, for phones pointed at the server
 * by DHCP option 66 or by hand, when it asks for its BootFile (step 3). Steps of the previous
 * cycle are forgotten then; registration (step 7) is kept, because the PBX tracks it separately.
 *
 * A file served is one event, at the step that answers (4 or 6): the request it answers (3 or 5)
 * is marked with it. Timelines written before that carry the request as an event of its own, the
 * same request a moment earlier; both fold to the same marks.
 */
import type { FileRole, Outcome, Step, StepEvent } from './steps';
import { STEP_INFO } from './steps';

export const STAGES = [
  'waiting',
  'asked_rps',
  'redirected',
  'boot_requested',
  'boot_served',
  'config_requested',
  'configured',
  'registered',
  'failed',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  waiting: 'Waiting for the phone',
  asked_rps: 'Asked RPS',
  redirected: 'Redirected',
  boot_requested: 'Boot file requested',
  boot_served: 'Boot file served',
  config_requested: 'Config requested',
  configured: 'Configured',
  registered: 'Registered',
  failed: 'Failed',
};

const STAGE_OF_STEP: Record<Step, Stage> = {
  1: 'asked_rps',
  2: 'redirected',
  3: 'boot_requested',
  4: 'boot_served',
  5: 'config_requested',
  6: 'configured',
  7: 'registered',
};

export interface StepMark {
  outcome: Outcome;
  at: string;
  reason?: string;
}

export interface FlowState {
  stage: Stage;
  /** The last mark of each step in the current boot cycle (step 7 across cycles). */
  steps: Partial<Record<Step, StepMark>>;
  /** Roles served since the BootFile of this cycle; step 6 completes when account and buttons are in. */
  served: FileRole[];
  /** What failed in this cycle; `file` when it was one file of several at that step. */
  failure?: { step: Step; reason: string; at: string; file?: string };
  lastSeen?: string;
  lastIp?: string;
  userAgent?: string;
  /**
   * The firmware version the phone is downloading or installing: from its download (a firmware
   * event `download`) until it comes back with a new version (`changed`) or the download broke
   * off (`interrupted`). Across boot cycles: installing firmware reboots the phone.
   */
  upgradingTo?: string;
}

export const INITIAL_FLOW: FlowState = { stage: 'waiting', steps: {}, served: [] };

const REQUIRED_ROLES: readonly FileRole[] = ['account', 'buttons'];

/** The marks a new boot cycle starting at `from` keeps: those before it, and registration. */
function marksKept(steps: FlowState['steps'], from: Step): FlowState['steps'] {
  const kept: FlowState['steps'] = {};
  for (let s = 1; s < from; s++) {
    const mark = steps[s as Step];
    if (mark) kept[s as Step] = mark;
  }
  if (steps[7]) kept[7] = steps[7];
  return kept;
}

function highestDone(steps: FlowState['steps']): Step | 0 {
  for (let s = 7; s >= 1; s--) {
    const mark = steps[s as Step];
    if (mark && mark.outcome === 'ok') return s as Step;
  }
  return 0;
}

/**
 * Whether a failure still stands against an ok event at `step`: it does when it was one file's
 * failure and the event is about another file. A retry of the same file, or any later step, clears it.
 */
function failureStandsAt(failure: FlowState['failure'], step: Step, event: StepEvent): boolean {
  return failure !== undefined && failure.step === step && failure.file !== undefined && failure.file !== event.file;
}

/**
 * The state after one more event. It runs for every request a phone makes, so the new state is
 * built in one go, with no copies between stages.
 */
export function reduceFlow(state: FlowState, event: StepEvent): FlowState {
  // A new boot cycle: the device came back to the start of the flow (a BootFile served counts as asked for).
  const bootServed = event.step === 4 && event.outcome === 'ok';
  const newCycle = event.step === 1 || event.step === 3 || bootServed;
  const steps = newCycle ? marksKept(state.steps, bootServed ? 3 : event.step) : { ...state.steps };
  let served = newCycle ? [] : state.served;
  let failure = newCycle ? undefined : state.failure;
  if (bootServed) steps[3] = { outcome: 'ok', at: event.at };

  let mark = true;
  if (event.step === 6 && event.outcome === 'ok') {
    const roles = new Set(served);
    for (const role of event.provides ?? []) roles.add(role);
    served = [...roles];
    // The file was asked for (step 5); served before the set is complete, it is progress at step 5,
    // not yet step 6, and does not hide another file refused at step 5 (a locked phone's ACC.cfg
    // beside its BTN.cfg).
    if (!failureStandsAt(failure, 5, event)) steps[5] = { outcome: 'ok', at: event.at };
    if (!REQUIRED_ROLES.every((role) => roles.has(role))) mark = false;
  }
  // Information marks nothing; another file's success at the step that failed leaves the failure as it is.
  if (mark && event.outcome !== 'info' && !(event.outcome === 'ok' && failureStandsAt(failure, event.step, event))) {
    steps[event.step] = { outcome: event.outcome, at: event.at, ...(event.reason ? { reason: event.reason } : {}) };
    if (event.outcome === 'failed') {
      failure = {
        step: event.step,
        reason: event.reason ?? `${STEP_INFO[event.step].title} failed`,
        at: event.at,
        ...(event.file ? { file: event.file } : {}),
      };
    } else if (failure && event.step >= failure.step) {
      failure = undefined;
    }
  }

  const top = highestDone(steps);
  const next: FlowState = {
    stage: failure ? 'failed' : top === 0 ? 'waiting' : STAGE_OF_STEP[top],
    steps,
    served,
    lastSeen: event.at,
  };
  const lastIp = event.ip || state.lastIp;
  if (lastIp !== undefined) next.lastIp = lastIp;
  const userAgent = event.userAgent || state.userAgent;
  if (userAgent !== undefined) next.userAgent = userAgent;
  if (failure) next.failure = failure;
  const upgradingTo = upgradingAfter(state.upgradingTo, event);
  if (upgradingTo !== undefined) next.upgradingTo = upgradingTo;
  return next;
}

/** Follows a firmware upgrade through the firmware events of the timeline (`detail.firmware`). */
function upgradingAfter(upgradingTo: string | undefined, event: StepEvent): string | undefined {
  const what = event.detail?.['firmware'];
  const to = event.detail?.['to'];
  if (what === 'download' && typeof to === 'string') return to;
  if (what === 'changed' || what === 'interrupted') return undefined;
  return upgradingTo;
}

export function foldTimeline(events: readonly StepEvent[]): FlowState {
  return events.reduce(reduceFlow, INITIAL_FLOW);
}

/** Which of the seven steps are done, for a progress strip: 'done', 'failed' or 'todo' each. */
export function stepStrip(state: FlowState): Record<Step, 'done' | 'failed' | 'todo'> {
  const strip = {} as Record<Step, 'done' | 'failed' | 'todo'>;
  for (let s = 1; s <= 7; s++) {
    const mark = state.steps[s as Step];
    strip[s as Step] = !mark ? 'todo' : mark.outcome === 'ok' ? 'done' : mark.outcome === 'failed' ? 'failed' : 'todo';
  }
  return strip;
}
