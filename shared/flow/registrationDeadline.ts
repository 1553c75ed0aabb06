/**
 * What a phone's status says once it fetched its configuration (step 6) but step 7 (registered
 * with the PBX) did not follow within the deadline: never "in progress". With the PBX linked it is
 * "not registered"; without a link (or with the link down) nobody can tell: "registration not
 * checked".
 */
import type { FlowState, Stage } from './machine';

export type ShownStage = Stage | 'not_registered' | 'not_checked';

export const SHOWN_LABELS: Record<'not_registered' | 'not_checked', string> = {
  not_registered: 'Not registered',
  not_checked: 'Registration not checked',
};

/** Step 6 done, no step 7 after it, and the deadline has passed. */
export function registrationOverdue(flow: FlowState, deadlineSeconds: number, now: number): boolean {
  if (flow.stage === 'registered' || flow.stage === 'failed') return false;
  const served = flow.steps[6];
  if (!served || served.outcome !== 'ok') return false;
  const servedAt = Date.parse(served.at);
  if (!Number.isFinite(servedAt)) return false;
  const seven = flow.steps[7];
  if (seven && Date.parse(seven.at) >= servedAt) return false;
  return now - servedAt >= deadlineSeconds * 1000;
}

export function shownStage(flow: FlowState, pbxLinked: boolean, deadlineSeconds: number, now: number): ShownStage {
  if (!registrationOverdue(flow, deadlineSeconds, now)) return flow.stage;
  return pbxLinked ? 'not_registered' : 'not_checked';
}
