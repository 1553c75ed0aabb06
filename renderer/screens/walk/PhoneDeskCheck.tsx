/**
 * The desk check in the phone panel: ring it, see what happened, mark it confirmed or at the wrong
 * desk (with a note), and optionally place a test call to another phone.
 */
import { useState } from 'react';
import type { PhoneView } from '../../../shared/api/views';
import { formatMac, type Mac } from '../../../shared/mac';
import { describeDeskCheck } from '../../../shared/report/siteReport';
import { api } from '../../api/api';
import { toUserError } from '../../api/errors';
import { usePhones } from '../../stores/phones';
import { toast } from '../../stores/toasts';
import { sendVerdict } from './deskVerdict';
import { RingButton } from './RingButton';
import { RingChip } from './RingChip';
import { TestCallStatus } from './TestCallStatus';

export function PhoneDeskCheck({ phone }: { phone: PhoneView }) {
  const [note, setNote] = useState('');
  const [target, setTarget] = useState('');
  const [callId, setCallId] = useState('');
  const others = usePhones((s) => s.list).filter((p) => p.mac !== phone.mac && p.lines.length > 0);
  const verdict = async (outcome: 'confirmed' | 'wrong-desk') => {
    const error = await sendVerdict(phone.mac, outcome, note);
    if (error) toast.error(error);
    else {
      toast.success(outcome === 'confirmed' ? 'Desk confirmed' : 'Marked at the wrong desk');
      setNote('');
    }
  };
  return (
    <section className="desk-check" aria-label="Desk check" data-testid="desk-check">
      <h3>Desk check</h3>
      <div className="row">
        <RingButton mac={phone.mac} />
        <RingChip mac={phone.mac} />
      </div>
      <p className="muted" data-testid="desk-check-last">
        {phone.deskCheck ? describeDeskCheck(phone.deskCheck) : 'Not checked at its desk yet.'}
      </p>
      <label className="field">
        <span>Note (for a wrong desk)</span>
        <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} placeholder="e.g. rang on desk 16" />
      </label>
      <div className="row">
        <button type="button" className="btn-primary" onClick={() => void verdict('confirmed')} data-testid="confirm-desk">
          Confirm desk
        </button>
        <button type="button" className="btn-danger" onClick={() => void verdict('wrong-desk')} data-testid="wrong-desk">
          Wrong desk
        </button>
      </div>
      {others.length > 0 && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (!target) return;
            api()
              .testCall({ params: { mac: phone.mac }, body: { toMac: target } })
              .then((r) => setCallId(r.callId))
              .catch((err: unknown) => toast.error(toUserError(err)));
          }}
        >
          <label className="field inline">
            <span>Test call to</span>
            <select value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">(pick a phone)</option>
              {others.slice(0, 500).map((p) => (
                <option key={p.mac} value={p.mac}>
                  {formatMac(p.mac as Mac)}
                  {p.site ? ` · ${p.site}` : ''}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={!target}>
            Call
          </button>
          {callId && <TestCallStatus callId={callId} />}
        </form>
      )}
    </section>
  );
}
