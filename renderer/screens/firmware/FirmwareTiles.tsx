/** Live board tiles: phones upgrading their firmware now, and phones below their target. */
import { useMemo } from 'react';
import type { PhoneView } from '../../../shared/api/views';
import { isUpgrading, standingOf, useFirmware } from '../../stores/firmware';

export function FirmwareTiles({ phones }: { phones: readonly PhoneView[] }) {
  const targets = useFirmware((s) => s.targets);
  const byId = useFirmware((s) => s.byId);
  const counts = useMemo(() => {
    let below = 0;
    let busy = 0;
    for (const p of phones) {
      const { standing } = standingOf(p, { targets, byId });
      if (standing !== 'below' && standing !== 'unknown') continue;
      if (isUpgrading(p)) busy++;
      else below++;
    }
    return { below, busy };
  }, [phones, targets, byId]);
  if (targets.length === 0) return null;
  return (
    <>
      <div className="tile tile-busy" role="listitem" data-testid="count-upgrading" data-value={counts.busy}>
        <div className="tile-num">{counts.busy}</div>
        <div className="tile-label">Upgrading firmware</div>
      </div>
      <div className="tile tile-idle" role="listitem" data-testid="count-below-target" data-value={counts.below}>
        <div className="tile-num">{counts.below}</div>
        <div className="tile-label">Below firmware target</div>
      </div>
    </>
  );
}
