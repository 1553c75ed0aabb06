/** Counts for the live board: phones per stage, and phones that got at least as far as each step. */
import type { PhoneView } from '../../shared/api/views';
import { STAGES, type FlowState, type Stage } from '../../shared/flow/machine';
import { STEPS, type Step } from '../../shared/flow/steps';

export function furthestStep(flow: FlowState): Step | 0 {
  for (let s = 7; s >= 1; s--) if (flow.steps[s as Step]?.outcome === 'ok') return s as Step;
  return 0;
}

export interface BoardCounts {
  total: number;
  byStage: Record<Stage, number>;
  /** Phones whose furthest completed step is at least this one. */
  reached: Record<Step, number>;
}

export function boardCounts(phones: readonly PhoneView[]): BoardCounts {
  const byStage = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const reached = Object.fromEntries(STEPS.map((s) => [s, 0])) as Record<Step, number>;
  for (const p of phones) {
    byStage[p.flow.stage]++;
    const top = furthestStep(p.flow);
    for (let s = 1; s <= top; s++) reached[s as Step]++;
  }
  return { total: phones.length, byStage, reached };
}
