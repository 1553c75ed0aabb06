/**
 * Walk mode: the technician walks the floor with the laptop and rings the phones one at a time, in
 * the order picked (label, extension, site). Large buttons and single keys, since hands are busy:
 * R rings (again), Enter or C confirms the desk, W marks the wrong desk (with a note), S skips,
 * N or → goes to the next phone (and rings it), P or ← goes back, Esc closes.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { formatMac, type Mac } from '../../../shared/mac';
import { useAccountsMap } from '../../lib/useAccountsMap';
import { usePhones } from '../../stores/phones';
import { sendVerdict } from './deskVerdict';
import { RingChip } from './RingChip';
import { isFinal, RING_WORDS, ringPhone, useRings } from './ringStore';
import { deskAccountOf, labelOf, orderForWalk, WALK_ORDER_LABELS, WALK_ORDERS, type WalkOrder } from '../../../shared/report/walkOrder';
import { useWalk, type WalkResult } from './walkStore';

function resultWords(r: WalkResult | undefined): string {
  if (!r) return '—';
  const verdict =
    r.verdict === 'confirmed'
      ? 'Confirmed'
      : r.verdict === 'wrong-desk'
        ? `Wrong desk${r.note ? `: ${r.note}` : ''}`
        : r.verdict === 'skipped'
          ? 'Skipped'
          : '';
  const ring = r.ring ? RING_WORDS[r.ring] + (r.cause && r.ring !== 'answered' ? ` (${r.cause})` : '') : '';
  return [ring, verdict].filter(Boolean).join(' · ') || '—';
}

export function WalkHost() {
  const open = useWalk((s) => s.open);
  return open ? <WalkMode /> : null;
}

function WalkMode() {
  const walk = useWalk();
  const list = usePhones((s) => s.list);
  const accounts = useAccountsMap();
  const rings = useRings((s) => s.byMac);
  const [note, setNote] = useState('');
  const [noting, setNoting] = useState(false);
  const [error, setError] = useState('');
  const noteRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);

  const phones = useMemo(() => {
    const chosen = new Set(walk.macs);
    return orderForWalk(
      list.filter((p) => chosen.has(p.mac)),
      accounts,
      walk.order,
    );
  }, [list, accounts, walk.macs, walk.order]);
  const phone = phones[walk.index];
  const ring = phone ? rings[phone.mac] : undefined;
  const done = phones.filter((p) => walk.results[p.mac]?.verdict).length;

  // The ring's outcome goes into the walk's results as it comes.
  useEffect(() => {
    if (!phone || !ring || !isFinal(ring)) return;
    const had = walk.results[phone.mac];
    if (had?.ring === ring.state && had.cause === ring.cause) return;
    walk.record(phone.mac, { ring: ring.state as WalkResult['ring'], ...(ring.cause ? { cause: ring.cause } : {}) });
  }, [phone, ring, walk]);

  const ringNow = useCallback(
    async (mac: string) => {
      setError('');
      const e = await ringPhone(mac, walk.timeoutSeconds);
      if (e) setError(`${e.message}${e.hint ? ` ${e.hint}` : ''}`);
    },
    [walk.timeoutSeconds],
  );

  const goTo = useCallback(
    (index: number, andRing: boolean) => {
      if (index < 0 || index >= phones.length) return;
      walk.go(index);
      setNote('');
      setNoting(false);
      const next = phones[index];
      if (andRing && next) void ringNow(next.mac);
    },
    [phones, ringNow, walk],
  );

  const verdict = useCallback(
    async (outcome: 'confirmed' | 'wrong-desk') => {
      if (!phone) return;
      const e = await sendVerdict(phone.mac, outcome, outcome === 'wrong-desk' ? note : undefined);
      if (e) {
        setError(`${e.message}${e.hint ? ` ${e.hint}` : ''}`);
        return;
      }
      walk.record(phone.mac, { verdict: outcome, ...(outcome === 'wrong-desk' && note.trim() ? { note: note.trim() } : {}) });
      if (walk.index < phones.length - 1) goTo(walk.index + 1, true);
      else {
        setNote('');
        setNoting(false);
      }
    },
    [goTo, note, phone, phones.length, walk],
  );

  const skip = useCallback(() => {
    if (!phone) return;
    walk.record(phone.mac, { verdict: 'skipped' });
    if (walk.index < phones.length - 1) goTo(walk.index + 1, true);
  }, [goTo, phone, phones.length, walk]);

  useEffect(() => {
    dialogRef.current?.focus();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
      if (e.key === 'Escape') {
        e.preventDefault();
        if (noting) setNoting(false);
        else walk.close();
        return;
      }
      if (typing) {
        if (e.key === 'Enter' && noting) {
          e.preventDefault();
          void verdict('wrong-desk');
        }
        return;
      }
      if (!phone) return;
      const key = e.key.toLowerCase();
      const act = () => e.preventDefault();
      if (key === 'r' || key === ' ') {
        act();
        void ringNow(phone.mac);
      } else if (key === 'enter' || key === 'c') {
        if (e.target instanceof HTMLButtonElement && key === 'enter') return; // the focused button acts itself
        act();
        void verdict('confirmed');
      } else if (key === 'w') {
        act();
        setNoting(true);
        setTimeout(() => noteRef.current?.focus(), 0);
      } else if (key === 's') {
        act();
        skip();
      } else if (key === 'n' || key === 'arrowright') {
        act();
        goTo(walk.index + 1, true);
      } else if (key === 'p' || key === 'arrowleft') {
        act();
        goTo(walk.index - 1, false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [goTo, noting, phone, ringNow, skip, verdict, walk]);

  const account = phone ? deskAccountOf(phone, accounts) : undefined;
  const live = ring?.state === 'starting' || ring?.state === 'ringing';

  return (
    <div className="walk-overlay">
      <div className="walk" role="dialog" aria-modal="true" aria-labelledby="walk-h" tabIndex={-1} ref={dialogRef} data-testid="walk">
        <header className="walk-head">
          <h1 id="walk-h">Walk the floor{walk.title ? ` — ${walk.title}` : ''}</h1>
          <label className="field inline">
            <span>Order</span>
            <select value={walk.order} onChange={(e) => walk.setOrder(e.target.value as WalkOrder)} data-testid="walk-order">
              {WALK_ORDERS.map((o) => (
                <option key={o} value={o}>
                  {WALK_ORDER_LABELS[o]}
                </option>
              ))}
            </select>
          </label>
          <label className="field inline">
            <span>Ring for (s)</span>
            <input
              type="number"
              min={5}
              max={120}
              value={walk.timeoutSeconds}
              onChange={(e) => walk.setTimeoutSeconds(Math.max(5, Math.min(120, Number(e.target.value) || 20)))}
            />
          </label>
          <span className="muted" data-testid="walk-progress">
            {done} of {phones.length} checked
          </span>
          <button type="button" onClick={() => walk.close()} aria-keyshortcuts="Escape">
            Close
          </button>
        </header>
        {phone ? (
          <div className="walk-current" data-testid="walk-current" data-mac={phone.mac}>
            <div className="walk-who">
              <div className="walk-count">
                Phone {walk.index + 1} of {phones.length}
              </div>
              <div className="walk-label">{labelOf(phone, accounts) || 'No label'}</div>
              <div className="walk-ext">{account ? `Extension ${account.userName}` : 'No account: it cannot be rung'}</div>
              <div className="muted">
                <span className="mono">{formatMac(phone.mac as Mac)}</span>
                {phone.site ? ` · ${phone.site}` : ''}
              </div>
            </div>
            <div className="walk-state" aria-live="polite">
              <RingChip mac={phone.mac} />
              {!ring && <span className="muted">Not rung yet. Press R to ring it.</span>}
            </div>
            {error && (
              <p className="note note-error" role="alert">
                {error}
              </p>
            )}
            <div className="walk-buttons">
              <button
                type="button"
                className="walk-btn"
                onClick={() => void ringNow(phone.mac)}
                disabled={live}
                aria-keyshortcuts="R"
                data-testid="walk-ring"
              >
                {ring ? 'Again' : 'Ring'} <kbd>R</kbd>
              </button>
              <button
                type="button"
                className="walk-btn btn-primary"
                onClick={() => void verdict('confirmed')}
                aria-keyshortcuts="Enter C"
                data-testid="walk-confirm"
              >
                Confirm desk <kbd>C</kbd>
              </button>
              <button
                type="button"
                className="walk-btn btn-danger"
                onClick={() => {
                  setNoting(true);
                  setTimeout(() => noteRef.current?.focus(), 0);
                }}
                aria-keyshortcuts="W"
                data-testid="walk-wrong"
              >
                Wrong desk <kbd>W</kbd>
              </button>
              <button type="button" className="walk-btn" onClick={skip} aria-keyshortcuts="S" data-testid="walk-skip">
                Skip <kbd>S</kbd>
              </button>
              <button
                type="button"
                className="walk-btn"
                onClick={() => goTo(walk.index + 1, true)}
                disabled={walk.index >= phones.length - 1}
                aria-keyshortcuts="N ArrowRight"
                data-testid="walk-next"
              >
                Next <kbd>N</kbd>
              </button>
            </div>
            {noting && (
              <form
                className="row walk-note"
                onSubmit={(e) => {
                  e.preventDefault();
                  void verdict('wrong-desk');
                }}
              >
                <label className="field grow">
                  <span>Where did it ring? (note)</span>
                  <input ref={noteRef} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="walk-note" />
                </label>
                <button type="submit" className="btn-danger">
                  Save wrong desk
                </button>
              </form>
            )}
          </div>
        ) : (
          <p className="muted">No phones to walk.</p>
        )}
        <table className="plain walk-results" data-testid="walk-results">
          <caption className="sr-only">Result of each phone</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Label</th>
              <th scope="col">Extension</th>
              <th scope="col">Site</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {phones.map((p, i) => (
              <tr key={p.mac} className={i === walk.index ? 'is-open' : undefined} data-mac={p.mac}>
                <td>{i + 1}</td>
                <td>
                  <button type="button" className="linklike" onClick={() => goTo(i, false)}>
                    {labelOf(p, accounts) || formatMac(p.mac as Mac)}
                  </button>
                </td>
                <td>{deskAccountOf(p, accounts)?.userName ?? '—'}</td>
                <td>{p.site}</td>
                <td data-testid="walk-result">{resultWords(walk.results[p.mac])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
