/**
 * In the phone panel: the phone registered and its files holding passwords are locked (settings:
 * "Lock phones once registered"); "Re-open" lets it fetch them again until it registers again.
 */
import { useState } from 'react';
import type { PhoneView } from '../../../shared/api/views';
import { api } from '../../api/api';
import { run } from '../../lib/actions';
import { useData } from '../../stores/data';
import { usePhones } from '../../stores/phones';

export function PhoneLockNotice({ phone }: { phone: PhoneView }) {
  const lockOn = useData((s) => s.settings?.security.lockAfterRegistration ?? true);
  const [busy, setBusy] = useState(false);
  if (!phone.lockedAt || !lockOn) return null;
  const reopen = async () => {
    setBusy(true);
    const r = await run(
      () => api().reopenPhone({ params: { mac: phone.mac } }),
      () => 'Re-opened: the phone may fetch its configuration again',
    );
    setBusy(false);
    if (r) usePhones.getState().upsert([r]);
  };
  return (
    <div className="note note-muted" role="status" data-testid="phone-locked" data-locked-at={phone.lockedAt}>
      <strong>Locked since it registered ({new Date(phone.lockedAt).toLocaleString()})</strong>
      <div>
        Its files holding passwords are no longer served. To let it fetch them again (changed account, factory reset), re-open it, then
        reboot the phone. It locks again once it registers.
      </div>
      <button type="button" onClick={() => void reopen()} disabled={busy} data-testid="phone-reopen">
        {busy ? 'Re-opening…' : 'Re-open'}
      </button>
    </div>
  );
}
