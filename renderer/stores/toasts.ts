/** Short messages at the bottom of the screen; bulk actions carry an Undo. */
import { create } from 'zustand';
import type { UserError } from '../api/errors';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  message: string;
  hint?: string;
  /** Server undo id of the action this toast reports. */
  undoId?: string;
}

interface ToastState {
  toasts: Toast[];
  /** Where the stack sits: away from the control just pressed, so a toast never covers it. */
  anchor: 'top' | 'bottom';
  push(t: Omit<Toast, 'id'>): number;
  dismiss(id: number): void;
}

let next = 1;

/** The control the technician last pressed (mouse, touch or keyboard). */
let lastPressed: Element | undefined;
if (typeof document !== 'undefined') {
  const remember = (e: Event) => {
    if (e.target instanceof Element) lastPressed = e.target.closest('button, a, input, select, label, [role="button"]') ?? e.target;
  };
  document.addEventListener('pointerdown', remember, true);
  document.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && remember(e), true);
}

/** Bottom right, unless the control just pressed is in the lower half of the window: then the top. */
export function anchorAwayFrom(el: Element | undefined | null, viewportHeight: number): 'top' | 'bottom' {
  if (!el || !el.isConnected) return 'bottom';
  const r = el.getBoundingClientRect();
  return r.bottom > viewportHeight / 2 ? 'top' : 'bottom';
}

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  anchor: 'bottom',
  push: (t) => {
    const id = next++;
    const anchor = anchorAwayFrom(lastPressed ?? document.activeElement, window.innerHeight);
    set({ toasts: [...get().toasts.slice(-4), { ...t, id }], anchor });
    // Errors and undoable actions stay long enough to read and act on.
    const ms = t.kind === 'error' ? 15000 : t.undoId ? 12000 : 5000;
    setTimeout(() => get().dismiss(id), ms);
    return id;
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
}));

export const toast = {
  success: (message: string, undoId?: string) => useToasts.getState().push({ kind: 'success', message, ...(undoId ? { undoId } : {}) }),
  info: (message: string) => useToasts.getState().push({ kind: 'info', message }),
  error: (e: UserError) => useToasts.getState().push({ kind: 'error', message: e.message, ...(e.hint ? { hint: e.hint } : {}) }),
};
