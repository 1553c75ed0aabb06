/** The stage a phone's status shows, with the registration deadline and the PBX link applied. */
import { useEffect, useState } from 'react';
import type { FlowState } from '../../shared/flow/machine';
import { shownStage, type ShownStage } from '../../shared/flow/registrationDeadline';
import { useData } from '../stores/data';
import { usePbxLink } from '../stores/pbxLink';

/** The current time, re-read every `ms` so deadlines pass on screen without an event. */
export function useNow(ms = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** A function from a phone's flow to what its status shows now. */
export function useStageOf(): (flow: FlowState) => ShownStage {
  const now = useNow();
  const linked = usePbxLink((s) => s.link?.state === 'connected');
  const deadline = useData((s) => s.settings?.pbx.registerDeadlineSeconds ?? 120);
  return (flow) => shownStage(flow, linked, deadline, now);
}
