/** A phone's stage as a chip: words and an icon, never colour alone. */
import { STAGE_LABELS, stepStrip, type FlowState, type Stage } from '../../shared/flow/machine';
import { STEP_INFO, STEPS } from '../../shared/flow/steps';
import { SHOWN_LABELS, type ShownStage } from '../../shared/flow/registrationDeadline';

const ICON: Record<Stage, string> = {
  waiting: '○',
  asked_rps: '◔',
  redirected: '◔',
  boot_requested: '◑',
  boot_served: '◑',
  config_requested: '◕',
  configured: '◕',
  registered: '✓',
  failed: '✕',
};

export function stageTone(stage: Stage): 'idle' | 'busy' | 'good' | 'bad' {
  if (stage === 'registered') return 'good';
  if (stage === 'failed') return 'bad';
  if (stage === 'waiting') return 'idle';
  return 'busy';
}

export function StatusChip({ stage }: { stage: ShownStage }) {
  if (stage === 'not_registered' || stage === 'not_checked')
    return (
      <span className={`chip ${stage === 'not_registered' ? 'chip-bad' : 'chip-warn'}`} data-stage={stage}>
        <span aria-hidden="true">{stage === 'not_registered' ? '✕' : '?'}</span> {SHOWN_LABELS[stage]}
      </span>
    );
  return (
    <span className={`chip chip-${stageTone(stage)}`}>
      <span aria-hidden="true">{ICON[stage]}</span> {STAGE_LABELS[stage]}
    </span>
  );
}

/** Seven boxes, one per step: ✓ done, ✕ failed, blank to do; the title says which step. */
export function StepStrip({ flow, compact = false }: { flow: FlowState; compact?: boolean }) {
  const strip = stepStrip(flow);
  const done = STEPS.filter((s) => strip[s] === 'done').length;
  return (
    <span
      className={compact ? 'strip strip-compact' : 'strip'}
      role="img"
      aria-label={`${done} of 7 steps done${flow.failure ? `, step ${flow.failure.step} failed` : ''}`}
    >
      {STEPS.map((s) => (
        <span key={s} className={`strip-step strip-${strip[s]}`} title={`${s}. ${STEP_INFO[s].title}: ${strip[s]}`}>
          {strip[s] === 'done' ? '✓' : strip[s] === 'failed' ? '✕' : s}
        </span>
      ))}
    </span>
  );
}
