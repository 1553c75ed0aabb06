/** Where the technician is, and the Phones table's filters and selection. */
import { create } from 'zustand';
import type { Stage } from '../../shared/flow/machine';
import { confirmLeave, hasUnsaved } from './unsaved';

export const ROUTES = ['discover', 'phones', 'live', 'accounts', 'buttons', 'settings', 'security', 'report', 'firmware'] as const;
export type Route = (typeof ROUTES)[number];

export interface PhoneFilters {
  search: string;
  vendor: string;
  model: string;
  stage: Stage | '';
  site: string;
  /** '' | 'below' | 'upgrading' | 'current' | 'none' (renderer/stores/firmware.ts). */
  firmware: string;
}

export const NO_FILTERS: PhoneFilters = { search: '', vendor: '', model: '', stage: '', site: '', firmware: '' };

interface UiState {
  route: Route;
  /** The phone open in the side panel, or in the Buttons screen. */
  openMac?: string;
  filters: PhoneFilters;
  selected: ReadonlySet<string>;
  /** The Buttons screen was opened to apply a template to the selection (the Phones bulk bar). */
  buttonsForSelection: boolean;
  setRoute(r: Route): void;
  openButtonsForSelection(): void;
  openPhone(mac: string | undefined): void;
  setFilter<K extends keyof PhoneFilters>(key: K, value: PhoneFilters[K]): void;
  clearFilters(): void;
  setSelected(s: ReadonlySet<string>): void;
}

export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[?&/]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'phones';
}

export const useUi = create<UiState>()((set, get) => ({
  route: routeFromHash(window.location.hash),
  filters: NO_FILTERS,
  selected: new Set(),
  buttonsForSelection: false,
  openButtonsForSelection: () => {
    set({ buttonsForSelection: true });
    get().setRoute('buttons');
  },
  setRoute: (route) => {
    const from = get().route;
    if (from === route) return;
    const go = () => {
      performance.mark(`nav:${route}`);
      set({ route });
      if (window.location.hash !== `#/${route}`) window.history.replaceState(null, '', `#/${route}`);
    };
    if (!hasUnsaved()) return go();
    // Unsaved edits: ask first; staying puts the address back where the screen is.
    void confirmLeave().then((ok) => {
      if (ok) go();
      else if (window.location.hash !== `#/${from}`) window.history.replaceState(null, '', `#/${from}`);
    });
  },
  openPhone: (openMac) => {
    if (openMac === get().openMac) return;
    const go = () => set(openMac ? { openMac } : { openMac: undefined });
    if (!hasUnsaved('panel')) return go();
    void confirmLeave('panel').then((ok) => ok && go());
  },
  setFilter: (key, value) => {
    performance.mark('phones-filter:start');
    set({ filters: { ...get().filters, [key]: value } });
  },
  clearFilters: () => {
    performance.mark('phones-filter:start');
    set({ filters: NO_FILTERS });
  },
  setSelected: (selected) => set({ selected }),
}));
