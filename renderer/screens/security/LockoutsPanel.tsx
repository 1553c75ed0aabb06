/**
 * Addresses locked out for guessing, with the time each has left, and the action that lifts them
 * all (asked first). Read when shown and every 10 s while shown; the time left counts down here.
 */
import { useCallback, useEffect, useState } from 'react';
import type { LockoutView } from '../../../shared/security/views';
import { api } from '../../api/api';
import type { UserError } from '../../api/errors';
import { confirmAction } from '../../components/Confirm';
import { ErrorNote } from '../../components/Feedback';
import { attempt, run } from '../../lib/actions';
import { useData } from '../../stores/data';

const REFRESH_MS = 10_000;

export function timeLeft(untilIso: string, now: number): string {
  const s = Math.max(0, Math.ceil((Date.parse(untilIso) - now) / 1000));
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}

export function LockoutsPanel() {
  const security = useData((s) => s.settings?.security);
  const [list, setList] = useState<LockoutView[]>();
  const [error, setError] = useState<UserError>();
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(async () => {
    const r = await attempt(() => api().lockouts());
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setList(r.value);
  }, []);

  useEffect(() => {
    void load();
    const refresh = setInterval(() => void load(), REFRESH_MS);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(refresh);
      clearInterval(tick);
    };
  }, [load]);

  const current = (list ?? []).filter((l) => Date.parse(l.until) > now);
  const lift = async () => {
    const ok = await confirmAction({
      title: `Lift ${current.length === 1 ? 'the lock-out' : `all ${current.length} lock-outs`}?`,
      message:
        'These addresses may use the RPS and the provisioning server again at once, and their failure counts start from zero. ' +
        'An address that keeps guessing is locked out again.',
      confirmLabel: 'Lift lock-outs',
    });
    if (!ok) return;
    if (
      await run(
        () => api().clearLockouts(),
        () => 'Lock-outs lifted',
      )
    )
      await load();
  };

  return (
    <section className="card stack" aria-labelledby="lockouts-h">
      <h2 id="lockouts-h">Locked-out addresses</h2>
      <p className="muted" data-testid="lockout-rule">
        {security === undefined
          ? ''
          : security.lockout
            ? `An address is refused for ${security.lockoutSeconds} s after ${security.lockoutMaxFailures} failed attempts within ${security.lockoutWindowSeconds} s (unknown tokens or MACs, wrong serials or passwords). Phones fetching their own files are not affected.`
            : 'Lock-out is off: addresses that guess are not refused (turn it on under Protections).'}
      </p>
      {error && <ErrorNote error={error} onRetry={() => void load()} />}
      {list !== undefined && current.length === 0 && (
        <p role="status" data-testid="lockouts-none">
          No address is locked out.
        </p>
      )}
      {current.length > 0 && (
        <table className="plain" data-testid="lockouts-table">
          <caption className="sr-only">Locked-out addresses</caption>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Refused until</th>
              <th scope="col">Time left</th>
            </tr>
          </thead>
          <tbody>
            {current.map((l) => (
              <tr key={l.address}>
                <td className="mono">{l.address}</td>
                <td>{new Date(l.until).toLocaleTimeString()}</td>
                <td>{timeLeft(l.until, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="inline">
        <button type="button" onClick={() => void load()} data-testid="lockouts-refresh">
          Refresh
        </button>
        <button
          type="button"
          className="btn-danger"
          disabled={current.length === 0}
          onClick={() => void lift()}
          data-testid="lockouts-lift"
        >
          Lift lock-outs…
        </button>
      </div>
    </section>
  );
}
