/** The walk in progress: which phones, in which order, where the technician is, and each result. */
import { create } from 'zustand';
import type { RingState } from '../../../shared/pbx/ring';
import type { WalkOrder } from '../../../shared/report/walkOrder';

export type Verdict = 'confirmed' | 'wrong-desk' | 'skipped';

export interface WalkResult {
  ring?: RingState;
  cause?: string;
  verdict?: Verdict;
  note?: string;
}

interface WalkState {
  open: boolean;
  title: string;
  /** The phones chosen, before ordering. */
  macs: readonly string[];
  order: WalkOrder;
  index: number;
  timeoutSeconds: number;
  results: Readonly<Record<string, WalkResult>>;
  start(macs: readonly string[], title: string): void;
  close(): void;
  setOrder(order: WalkOrder): void;
  setTimeoutSeconds(seconds: number): void;
  go(index: number): void;
  record(mac: string, result: WalkResult): void;
}

export const useWalk = create<WalkState>()((set, get) => ({
  open: false,
  title: '',
  macs: [],
  order: 'label',
  index: 0,
  timeoutSeconds: 20,
  results: {},
  start: (macs, title) => set({ open: true, title, macs: [...macs], index: 0, results: {} }),
  close: () => set({ open: false }),
  setOrder: (order) => set({ order, index: 0 }),
  setTimeoutSeconds: (timeoutSeconds) => set({ timeoutSeconds }),
  go: (index) => set({ index: Math.max(0, Math.min(index, get().macs.length - 1)) }),
  record: (mac, result) => set({ results: { ...get().results, [mac]: { ...get().results[mac], ...result } } }),
}));
