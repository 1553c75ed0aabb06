/**
 * In the phone panel: the phone was added without a serial number, and a device asked for it. It
 * waits here, with what it told (address, serial, User-Agent), until the technician approves it
 * (its serial goes on record and it gets its files) or rejects it (refused from then on).
 */
import { useState } from 'react';
import type { PhoneView } from '../../../shared/api/views';
import { api } from '../../api/api';
import { run } from '../../lib/actions';
import { usePhones } from '../../stores/phones';

export function ApprovalNotice({ phone }: { phone: PhoneView }) {
  const [busy, setBusy] = useState<'approve' | 'reject' | undefined>();
  const caller = phone.pendingCaller;
  // A serial typed in since then settles it: the serial check applies, nothing waits any more.
  if (!caller || phone.serial !== '') return null;
  const answer = async (choice: 'approve' | 'reject') => {
    setBusy(choice);
    const params = { params: { mac: phone.mac } };
    const r = await run(
      () => (choice === 'approve' ? api().approveCaller(params) : api().rejectCaller(params)),
      () =>
        choice === 'approve'
          ? 'Approved: the phone gets its configuration at its next try (or reboot it)'
          : 'Rejected: that device is refused from now on',
    );
    setBusy(undefined);
    if (r) usePhones.getState().upsert([r]);
  };
  return (
    <div className="note note-muted" role="status" data-testid="phone-approval">
      <strong>Waiting for your approval</strong>
      <div>
        This phone was added without a serial number, and a device asked for it{caller.via === 'pnp' ? ' by plug-and-play' : ''}. Check that
        it is the phone on the desk before approving: whoever is approved gets its passwords.
      </div>
      <ul>
        <li>
          Address:{' '}
          <span className="mono" data-testid="approval-ip">
            {caller.ip}
          </span>
        </li>
        <li>
          Serial:{' '}
          <span className="mono" data-testid="approval-serial">
            {caller.serial || '(none sent)'}
          </span>
        </li>
        <li>
          User-Agent:{' '}
          <span className="mono" data-testid="approval-agent">
            {caller.userAgent || '(none sent)'}
          </span>
        </li>
        <li>Asked: {new Date(caller.at).toLocaleString()}</li>
      </ul>
      <button type="button" onClick={() => void answer('approve')} disabled={busy !== undefined} data-testid="approval-approve">
        {busy === 'approve' ? 'Approving…' : 'Approve'}
      </button>{' '}
      <button type="button" onClick={() => void answer('reject')} disabled={busy !== undefined} data-testid="approval-reject">
        {busy === 'reject' ? 'Rejecting…' : 'Reject'}
      </button>
    </div>
  );
}
