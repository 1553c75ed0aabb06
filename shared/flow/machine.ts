/**
 * The flow's state machine. A phone's state is a fold of its timeline: `reduceFlow` takes one
 * event at a time, so the server keeps states up to date incrementally and the renderer can
 * rebuild them from the event stream with the same code.
 *
 * A boot cycle starts when the device asks the RPS (step 1) or, for phones pointed at the server
 * by DHCP option 66 or by hand, when it asks for its BootFile (step 3). Steps of the previous
 * cycle are forgotten then; registration (step 7) is kept, because the PBX tracks it separately.
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

function resetFrom(state: FlowState, from: Step): FlowState {
  const steps: Partial<Record<Step, StepMark>> = {};
  for (const [key, mark] of Object.entries(state.steps)) {
    const step = Number(key) as Step;
    if (step < from || step === 7) steps[step] = mark;
  }
  return { ...state, steps, served: [], failure: undefined };
}

function highestDone(steps: FlowState['steps']): Step | 0 {
  for (let s = 7; s >= 1; s--) {
    const mark = steps[s as Step];
    if (mark && mark.outcome === 'ok') return s as Step;
  }
  return 0;
}

export function reduceFlow(state: FlowState, event: StepEvent): FlowState {
  let next: FlowState = state;
  // A new boot cycle: the device came back to the start of the flow.
  if (event.step === 1 || event.step === 3) next = resetFrom(state, event.step);
  next = {
    ...next,
    steps: { ...next.steps },
    lastSeen: event.at,
    lastIp: event.ip || next.lastIp,
    userAgent: event.userAgent || next.userAgent,
  };
  next = withFirmware(next, event);

  if (event.step === 6 && event.outcome === 'ok') {
    const served = new Set(next.served);
    for (const role of event.provides ?? []) served.add(role);
    next.served = [...served];
    const complete = REQUIRED_ROLES.every((role) => served.has(role));
    // A file served before the set is complete is progress at step 5, not yet step 6, and does
    // not hide another file refused at step 5 (a locked phone's ACC.cfg beside its BTN.cfg).
    if (!complete) {
      if (!failureStandsAt(next, 5, event)) next.steps[5] = { outcome: 'ok', at: event.at };
      return settle(next);
    }
  }

  if (event.outcome === 'info') return settle(next);
  // Another file's success at the step that failed leaves the failure as it is.
  if (event.outcome === 'ok' && failureStandsAt(next, event.step, event)) return settle(next);

  next.steps[event.step] = { outcome: event.outcome, at: event.at, ...(event.reason ? { reason: event.reason } : {}) };
  if (event.outcome === 'failed') {
    next.failure = {
      step: event.step,
      reason: event.reason ?? `${STEP_INFO[event.step].title} failed`,
      at: event.at,
      ...(event.file ? { file: event.file } : {}),
    };
  } else if (next.failure && event.step >= next.failure.step) {
    next.failure = undefined;
  }
  return settle(next);
}

/** Follows a firmware upgrade through the firmware events of the timeline (`detail.firmware`). */
function withFirmware(state: FlowState, event: StepEvent): FlowState {
  const what = event.detail?.['firmware'];
  const to = event.detail?.['to'];
  if (what === 'download' && typeof to === 'string') return { ...state, upgradingTo: to };
  if ((what === 'changed' || what === 'interrupted') && state.upgradingTo !== undefined) {
    const { upgradingTo: _done, ...rest } = state;
    return rest;
  }
  return state;
}

/**
 * Whether a failure at `step` still stands against an ok `event` at that step: it does when it
 * was one file's failure and the event is about another file. A retry of the same file, or any
 * later step, clears it.
 */
function failureStandsAt(state: FlowState, step: Step, event: StepEvent): boolean {
  const failure = state.failure;
  return failure !== undefined && failure.step === step && failure.file !== undefined && failure.file !== event.file;
}

function settle(state: FlowState): FlowState {
  if (state.failure) return { ...state, stage: 'failed' };
  const top = highestDone(state.steps);
  return { ...state, stage: top === 0 ? 'waiting' : STAGE_OF_STEP[top] };
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
