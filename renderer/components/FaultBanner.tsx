/**
 * A banner over every screen while the backend reports a fault (`fault` / `fault-cleared` on the
 * event stream, replayed on each reconnection): a full disk (changes are refused, not saved, until
 * there is space), a write the disk refused, or an internal error the backend caught and survived.
 * It says what happened and what to do; an internal error can be dismissed, a full disk goes away
 * by itself when writes succeed again.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { Fault } from '../../shared/api/events';
import { onServerEvent } from '../stores/sync';

const TITLES: Record<Fault['kind'], string> = {
  disk_full: 'The disk is full: changes are not being saved.',
  write_failed: 'A change could not be saved.',
  internal: 'The app caught an internal error and goes on.',
};

interface FaultState {
  faults: Fault[];
  raise(fault: Fault): void;
  clear(kind: Fault['kind']): void;
}

export const useFaults = create<FaultState>()((set) => ({
  faults: [],
  raise: (fault) => set((s) => ({ faults: [...s.faults.filter((f) => f.kind !== fault.kind), fault] })),
  clear: (kind) => set((s) => ({ faults: s.faults.filter((f) => f.kind !== kind) })),
}));

export function FaultBanner() {
  const faults = useFaults((s) => s.faults);
  useEffect(
    () =>
      onServerEvent((event) => {
        const store = useFaults.getState();
        if (event.type === 'fault') store.raise(event['fault'] as Fault);
        if (event.type === 'fault-cleared') store.clear(event['kind'] as Fault['kind']);
      }),
    [],
  );
  if (faults.length === 0) return null;
  return (
    <div className="fault-banners">
      {faults.map((f) => (
        <div key={f.kind} className="note note-error" role="alert" data-testid="fault-banner" data-kind={f.kind}>
          <strong>{TITLES[f.kind]}</strong> {f.message}
          <div>{f.hint}</div>
          {f.kind === 'internal' && (
            <button type="button" onClick={() => useFaults.getState().clear(f.kind)}>
              Dismiss
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
