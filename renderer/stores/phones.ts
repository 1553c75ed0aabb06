/** Every phone the app provisions, kept in step with the server's event stream. */
import { create } from 'zustand';
import type { PhoneView } from '../../shared/api/views';
import { reduceFlow } from '../../shared/flow/machine';
import type { StepEvent } from '../../shared/flow/steps';
import type { UserError } from '../api/errors';

export interface PhonesState {
  /** Sorted by MAC. A new array on every change, so selectors can compare by identity. */
  list: PhoneView[];
  byMac: ReadonlyMap<string, PhoneView>;
  loaded: boolean;
  error?: UserError;
  /** The latest step events, newest first, for the live board's activity feed. */
  recent: StepEvent[];
  setAll(list: PhoneView[]): void;
  upsert(views: PhoneView[]): void;
  remove(macs: string[]): void;
  applySteps(events: StepEvent[]): void;
  setError(error: UserError | undefined): void;
}

const RECENT_LIMIT = 200;
const byMacOrder = (a: PhoneView, b: PhoneView) => (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : 0);

function rebuild(map: Map<string, PhoneView>): Pick<PhonesState, 'list' | 'byMac'> {
  return { list: [...map.values()].sort(byMacOrder), byMac: map };
}

export const usePhones = create<PhonesState>()((set, get) => ({
  list: [],
  byMac: new Map(),
  loaded: false,
  recent: [],
  setAll: (list) => set({ ...rebuild(new Map(list.map((p) => [p.mac, p]))), loaded: true, error: undefined }),
  upsert: (views) => {
    if (views.length === 0) return;
    const map = new Map(get().byMac);
    for (const v of views) map.set(v.mac, v);
    set(rebuild(map));
  },
  remove: (macs) => {
    const map = new Map(get().byMac);
    let changed = false;
    for (const m of macs) changed = map.delete(m) || changed;
    if (changed) set(rebuild(map));
  },
  applySteps: (events) => {
    if (events.length === 0) return;
    const map = new Map(get().byMac);
    for (const e of events) {
      const phone = map.get(e.mac);
      if (phone) map.set(e.mac, { ...phone, flow: reduceFlow(phone.flow, e) });
    }
    const recent = [...events].reverse().concat(get().recent).slice(0, RECENT_LIMIT);
    // Same order as before (no phone was added), so only the changed entries are replaced.
    set({ list: get().list.map((p) => map.get(p.mac) ?? p), byMac: map, recent });
  },
  setError: (error) => set({ error }),
}));
