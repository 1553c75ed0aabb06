/**
 * Each phone's last re-provision as the backend follows it (`reprovision` events, and the list
 * read at every (re)connection of the event stream), and the phones whose lines or keys were
 * just changed while registered, which the UI offers to re-provision right there.
 */
import { create } from 'zustand';
import type { ReprovisionView } from '../../shared/pbx/reprovision';
import type { PhoneView } from '../../shared/api/views';

interface ReprovisionsState {
  byMac: ReadonlyMap<string, ReprovisionView>;
  /** Phones saved while registered, still running their old files: offer a re-provision. */
  offers: ReadonlySet<string>;
  setAll(list: ReprovisionView[]): void;
  upsert(view: ReprovisionView): void;
  offer(mac: string): void;
  dismissOffer(mac: string): void;
}

export const useReprovisions = create<ReprovisionsState>()((set, get) => ({
  byMac: new Map(),
  offers: new Set(),
  setAll: (list) => set({ byMac: new Map(list.map((r) => [r.mac, r])) }),
  upsert: (view) => {
    const map = new Map(get().byMac);
    const known = map.get(view.mac);
    // Events of an older re-provision arriving late do not replace a newer one.
    if (known && known.id !== view.id && known.requestedAt > view.requestedAt) return;
    map.set(view.mac, view);
    set({ byMac: map });
  },
  offer: (mac) => set({ offers: new Set(get().offers).add(mac) }),
  dismissOffer: (mac) => {
    const offers = new Set(get().offers);
    offers.delete(mac);
    set({ offers });
  },
}));

/** After a save of `phone`'s lines or keys: offer to re-provision it when it is registered. */
export function offerReprovisionAfterSave(phone: Pick<PhoneView, 'mac' | 'flow'>): void {
  if (phone.flow.stage === 'registered' || phone.flow.steps[7]?.outcome === 'ok') useReprovisions.getState().offer(phone.mac);
}
