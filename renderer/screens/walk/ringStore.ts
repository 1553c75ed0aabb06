/**
 * Rings in the UI: the last ring of each phone, fed by `ring` events from the event stream, and the
 * call that starts one. A ring's events can arrive before its POST returns, so they are kept by
 * phone and matched to the call id once it is known.
 */
import { create } from 'zustand';
import { ringEventSchema, type RingState } from '../../../shared/pbx/ring';
import { api } from '../../api/api';
import { toUserError, type UserError } from '../../api/errors';
import { onServerEvent } from '../../stores/sync';

export interface RingView {
  /** Empty until the POST answered. */
  callId: string;
  state: RingState | 'starting';
  cause?: string;
  at: number;
}

interface RingsState {
  byMac: Readonly<Record<string, RingView>>;
  set(mac: string, view: RingView): void;
}

export const useRings = create<RingsState>()((set, get) => ({
  byMac: {},
  set: (mac, view) => set({ byMac: { ...get().byMac, [mac]: view } }),
}));

onServerEvent((raw) => {
  if (raw.type !== 'ring') return;
  const parsed = ringEventSchema.safeParse(raw);
  if (!parsed.success) return;
  const e = parsed.data;
  const current = useRings.getState().byMac[e.mac];
  if (current && current.callId !== '' && current.callId !== e.callId) return;
  useRings.getState().set(e.mac, { callId: e.callId, state: e.state, ...(e.cause ? { cause: e.cause } : {}), at: Date.now() });
});

/** Asks the backend to ring the phone; resolves with an error in words, or undefined when it rings. */
export async function ringPhone(mac: string, timeoutSeconds: number): Promise<UserError | undefined> {
  const store = useRings.getState();
  store.set(mac, { callId: '', state: 'starting', at: Date.now() });
  try {
    const { callId } = await api().ringPhone({ params: { mac }, body: { timeoutSeconds } });
    const now = useRings.getState().byMac[mac];
    // Events of this call may have come first: keep their state, learn the id.
    useRings.getState().set(mac, now && now.state !== 'starting' ? { ...now, callId } : { callId, state: 'starting', at: Date.now() });
    return undefined;
  } catch (e) {
    const error = toUserError(e);
    useRings.getState().set(mac, { callId: '', state: 'failed', cause: error.message, at: Date.now() });
    return error;
  }
}

export const RING_WORDS: Record<RingView['state'], string> = {
  starting: 'Calling the PBX…',
  ringing: 'Ringing…',
  answered: 'Answered',
  'no-answer': 'No answer',
  busy: 'Busy',
  failed: 'Failed',
};

export function isFinal(view: RingView | undefined): boolean {
  return view !== undefined && view.state !== 'starting' && view.state !== 'ringing';
}
