/**
 * Re-provision in the UI: the buttons ("Re-provision", and "Re-provision and reboot" where the
 * phone's vendor has both events), the state the backend follows (pending → fetched, with which
 * files from which address → registered again, or why not and what to check), a compact chip
 * for tables, the bulk buttons for a selection, and the offer after a registered phone's lines or
 * keys were changed.
 */
import { useState } from 'react';
import type { PhoneView } from '../../shared/api/views';
import type { StepEvent } from '../../shared/flow/steps';
import { resyncEventsFor } from '../../shared/pbx/notify';
import type { ReprovisionState, ReprovisionView } from '../../shared/pbx/reprovision';
import { formatMac, type Mac } from '../../shared/mac';
import { api } from '../api/api';
import type { UserError } from '../api/errors';
import { attempt, run } from '../lib/actions';
import { useReprovisions } from '../stores/reprovisions';
import { toast } from '../stores/toasts';
import { ErrorNote } from './Feedback';

const TONE: Record<ReprovisionState, 'busy' | 'good' | 'bad'> = {
  pending: 'busy',
  fetched: 'busy',
  registered: 'good',
  no_fetch: 'bad',
  no_register: 'bad',
  failed: 'bad',
};

const CHIP: Record<ReprovisionState, string> = {
  pending: 'Re-provision: waiting for the phone',
  fetched: 'Re-provision: files fetched',
  registered: 'Re-provisioned, registered again',
  no_fetch: 'Re-provision: files not fetched',
  no_register: 'Re-provision: not registered again',
  failed: 'Re-provision not sent',
};

const SECTION = { display: 'flex', flexDirection: 'column', gap: '0.6rem', flexShrink: 0 } as const;

const time = (iso: string | undefined) => (iso ? new Date(iso).toLocaleTimeString() : '');

function filesText(r: ReprovisionView): string {
  const served = r.files.filter((f) => f.served);
  if (served.length === 0) return '';
  const from = [...new Set(served.map((f) => f.ip))].join(', ');
  return `${served.map((f) => f.file).join(', ')} from ${from}`;
}

/** The words for each state, with the facts behind them. */
export function reprovisionWords(r: ReprovisionView): { title: string; detail?: string } {
  switch (r.state) {
    case 'pending':
      return {
        title: 'Waiting for the phone to fetch its files…',
        detail: `NOTIFY ${r.event} sent to ${r.endpoint} at ${time(r.requestedAt)}; its lock is open for ${r.address} until ${time(r.windowUntil)}.`,
      };
    case 'fetched':
      return { title: 'Fetched its files; waiting for it to register again…', detail: `${filesText(r)} at ${time(r.fetchedAt)}.` };
    case 'registered':
      return {
        title: `Registered again at ${time(r.registeredAt)}`,
        detail: `Fetched ${filesText(r)} at ${time(r.fetchedAt)}. Its lock is closed again.`,
      };
    default:
      return { title: r.message, ...(r.hint ? { detail: r.hint } : {}) };
  }
}

/** A re-provision mark on a timeline (step 7, info), in words; undefined for any other event. */
export function reprovisionEventWords(e: StepEvent): string | undefined {
  const mark = e.detail?.['reprovision'];
  if (typeof mark !== 'string') return undefined;
  switch (mark) {
    case 'pending':
      return `Re-provision: NOTIFY ${String(e.detail?.['notify'] ?? '')} sent, lock open for ${String(e.detail?.['window'] ?? '')}`;
    case 'fetched':
      return `Re-provision: fetched ${String(e.detail?.['files'] ?? '')} from ${String(e.detail?.['from'] ?? '')}`;
    case 'registered':
      return 'Re-provision: registered again';
    default:
      return `Re-provision: ${e.reason ?? mark}`;
  }
}

export function ReprovisionChip({ mac }: { mac: string }) {
  const r = useReprovisions((s) => s.byMac.get(mac));
  if (!r) return null;
  return (
    <span
      className={`chip chip-${TONE[r.state]}`}
      title={reprovisionWords(r).title}
      data-testid="reprovision-chip"
      data-state={r.state}
      data-id={r.id}
    >
      {CHIP[r.state]}
    </span>
  );
}

export function ReprovisionStatus({ mac }: { mac: string }) {
  const r = useReprovisions((s) => s.byMac.get(mac));
  if (!r) return null;
  const words = reprovisionWords(r);
  const refused = r.files.filter((f) => !f.served);
  const tone = TONE[r.state] === 'bad' ? 'note-error' : TONE[r.state] === 'good' ? 'note-good' : 'note-muted';
  return (
    <div className={`note ${tone}`} role="status" aria-live="polite" data-testid="reprovision-status" data-state={r.state}>
      <strong>{words.title}</strong>
      {words.detail && <div>{words.detail}</div>}
      {r.files.length > 0 && (
        <ul aria-label="Files asked for since the re-provision">
          {r.files.map((f) => (
            <li key={`${f.file}-${f.ip}-${f.served}`} data-testid="reprovision-file">
              <span className="mono">{f.file}</span> from <span className="mono">{f.ip}</span>:{' '}
              {f.served ? 'served' : `refused${f.reason ? ` (${f.reason})` : ''}`}
            </li>
          ))}
        </ul>
      )}
      {refused.length > 0 && r.state === 'pending' && (
        <div className="muted">Only {r.address} may fetch the files while the lock is open.</div>
      )}
    </div>
  );
}

/** "Re-provision" and, where the vendor has both events, "Re-provision and reboot". */
export function ReprovisionButtons({
  phone,
  onError,
}: {
  phone: Pick<PhoneView, 'mac' | 'vendor'>;
  onError?: (e: UserError | undefined) => void;
}) {
  const [busy, setBusy] = useState(false);
  const upsert = useReprovisions((s) => s.upsert);
  const dismiss = useReprovisions((s) => s.dismissOffer);
  const events = resyncEventsFor(phone);
  const go = async (reboot: boolean) => {
    setBusy(true);
    const r = await attempt(() => api().reprovisionPhone({ params: { mac: phone.mac }, query: reboot ? { reboot: 'true' } : {} }));
    setBusy(false);
    if (r.ok) {
      upsert(r.value);
      dismiss(phone.mac);
      onError?.(undefined);
    } else {
      onError?.(r.error);
      if (!onError) toast.error(r.error);
    }
  };
  return (
    <>
      <button
        type="button"
        disabled={busy}
        onClick={() => void go(false)}
        title={`Sends NOTIFY ${events.resync}`}
        data-testid="reprovision"
      >
        Re-provision
      </button>
      {events.reboot && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void go(true)}
          title={`Sends NOTIFY ${events.reboot}`}
          data-testid="reprovision-reboot"
        >
          Re-provision and reboot
        </button>
      )}
    </>
  );
}

/** The phone panel's part: buttons, the state, the offer after a change, the error of the last try. */
export function ReprovisionPanel({ phone }: { phone: PhoneView }) {
  const [error, setError] = useState<UserError>();
  const offered = useReprovisions((s) => s.offers.has(phone.mac));
  const dismiss = useReprovisions((s) => s.dismissOffer);
  return (
    // Not `.stack`: its min-height 0 lets the panel body (a scrolling flex column) squash this to nothing.
    <section style={SECTION} aria-label="Re-provision" data-testid="reprovision-panel">
      {offered && (
        <div className="note note-muted" role="status" data-testid="reprovision-offer">
          <strong>Saved. The phone is registered and still runs its old files.</strong>
          <div>Re-provision it now so it fetches the change?</div>
          <div className="row-end">
            <ReprovisionButtons phone={phone} onError={setError} />
            <button type="button" onClick={() => dismiss(phone.mac)}>
              Not now
            </button>
          </div>
        </div>
      )}
      {!offered && (
        <div className="row-end">
          <ReprovisionButtons phone={phone} onError={setError} />
        </div>
      )}
      {error && <ErrorNote error={error} testId="reprovision-error" />}
      <ReprovisionStatus mac={phone.mac} />
    </section>
  );
}

/** After a registered phone's lines or keys were saved elsewhere (the Buttons screen): the offer alone. */
export function ReprovisionOffer({ phone }: { phone: PhoneView }) {
  const offered = useReprovisions((s) => s.offers.has(phone.mac));
  const dismiss = useReprovisions((s) => s.dismissOffer);
  if (!offered) return <ReprovisionStatus mac={phone.mac} />;
  return (
    <div className="note note-muted" role="status" data-testid="reprovision-offer">
      <strong>{formatMac(phone.mac as Mac)} is registered and still runs its old keys.</strong>
      <div>Re-provision it now so it fetches the change?</div>
      <div className="row-end">
        <ReprovisionButtons phone={phone} />
        <button type="button" onClick={() => dismiss(phone.mac)}>
          Not now
        </button>
      </div>
    </div>
  );
}

/** For a selection in the Phones table: both buttons, a summary of the answers, counts by state. */
export function BulkReprovision({ phones }: { phones: readonly Pick<PhoneView, 'mac' | 'vendor'>[] }) {
  const byMac = useReprovisions((s) => s.byMac);
  const upsert = useReprovisions((s) => s.upsert);
  const [busy, setBusy] = useState(false);
  const macs = phones.map((p) => p.mac);
  const canReboot = phones.length > 0 && phones.every((p) => resyncEventsFor(p).reboot !== undefined);
  const go = async (reboot: boolean) => {
    setBusy(true);
    const r = await run(() => api().reprovisionPhones({ body: { macs, reboot } }));
    setBusy(false);
    if (!r) return;
    for (const x of r.results) if (x.reprovision) upsert(x.reprovision);
    const failed = r.results.filter((x) => !x.ok);
    if (failed.length === 0) toast.success(`Re-provision sent to ${r.results.length} phone(s)`);
    else
      toast.error({
        message: `Re-provision sent to ${r.results.length - failed.length} of ${r.results.length} phone(s)`,
        hint: failed
          .slice(0, 3)
          .map((x) => `${formatMac(x.mac as Mac)}: ${x.error?.message ?? 'failed'}`)
          .join('; '),
      });
  };
  const counts = new Map<ReprovisionState, number>();
  for (const mac of macs) {
    const s = byMac.get(mac)?.state;
    if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return (
    <>
      <button type="button" disabled={busy} onClick={() => void go(false)} data-testid="bulk-reprovision">
        Re-provision
      </button>
      {canReboot && (
        <button type="button" disabled={busy} onClick={() => void go(true)} data-testid="bulk-reprovision-reboot">
          Re-provision and reboot
        </button>
      )}
      {counts.size > 0 && (
        <span className="muted" aria-live="polite" data-testid="bulk-reprovision-counts">
          {[...counts].map(([s, n]) => `${CHIP[s]}: ${n}`).join(' · ')}
        </span>
      )}
    </>
  );
}

const ICON: Record<ReprovisionState, string> = {
  pending: '⟳',
  fetched: '⟳',
  registered: '✓',
  no_fetch: '✕',
  no_register: '✕',
  failed: '✕',
};

/**
 * One live-board cell, narrow: the last re-provision as an icon (its words for screen readers and
 * as a tooltip), and the buttons for a registered phone while none is under way.
 */
export function LiveReprovision({ phone }: { phone: PhoneView }) {
  const r = useReprovisions((s) => s.byMac.get(phone.mac));
  const running = r !== undefined && (r.state === 'pending' || r.state === 'fetched');
  const events = resyncEventsFor(phone);
  const [busy, setBusy] = useState(false);
  const upsert = useReprovisions((s) => s.upsert);
  const go = (reboot: boolean) =>
    void (async () => {
      setBusy(true);
      const res = await run(() => api().reprovisionPhone({ params: { mac: phone.mac }, query: reboot ? { reboot: 'true' } : {} }));
      setBusy(false);
      if (res) upsert(res);
    })();
  return (
    <span className="inline">
      {r && (
        <span
          className={`chip chip-${TONE[r.state]}`}
          title={reprovisionWords(r).title}
          data-testid="reprovision-chip"
          data-state={r.state}
          data-id={r.id}
        >
          <span aria-hidden="true">{ICON[r.state]}</span>
          <span className="sr-only">{CHIP[r.state]}</span>
          {running && <span aria-hidden="true">{r.state === 'pending' ? ' waiting' : ' fetched'}</span>}
        </span>
      )}
      {!running && phone.flow.steps[7]?.outcome === 'ok' && (
        <>
          <button type="button" disabled={busy} onClick={() => go(false)} title={`Sends NOTIFY ${events.resync}`} data-testid="reprovision">
            Re-provision
          </button>
          {events.reboot && (
            <button
              type="button"
              disabled={busy}
              onClick={() => go(true)}
              title={`Sends NOTIFY ${events.reboot}`}
              aria-label="Re-provision and reboot"
              data-testid="reprovision-reboot"
            >
              + reboot
            </button>
          )}
        </>
      )}
    </span>
  );
}
