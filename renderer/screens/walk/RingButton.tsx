/** "Ring" for one phone (phone panel, live board), or "Walk" for a selection (Phones table, live board). */
import { toast } from '../../stores/toasts';
import { ringPhone, useRings } from './ringStore';
import { useWalk } from './walkStore';

export function RingButton({ mac, compact }: { mac: string; compact?: boolean }) {
  const ring = useRings((s) => s.byMac[mac]);
  const timeoutSeconds = useWalk((s) => s.timeoutSeconds);
  const live = ring?.state === 'starting' || ring?.state === 'ringing';
  return (
    <button
      type="button"
      className={compact ? 'btn-small' : undefined}
      disabled={live}
      data-testid="ring-button"
      aria-label={compact ? `Ring ${mac} at its desk` : undefined}
      onClick={() => {
        void ringPhone(mac, timeoutSeconds).then((error) => {
          if (error) toast.error(error);
        });
      }}
    >
      {live ? 'Ringing…' : 'Ring'}
    </button>
  );
}

export function WalkButton({ macs, title, label = 'Walk the floor' }: { macs: readonly string[]; title: string; label?: string }) {
  const start = useWalk((s) => s.start);
  return (
    <button type="button" disabled={macs.length === 0} data-testid="walk-start" onClick={() => start(macs, title)}>
      {label} ({macs.length})
    </button>
  );
}
