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
  push(t: Omit<Toast, 'id'>): number;
  dismiss(id: number): void;
}

let next = 1;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push: (t) => {
    const id = next++;
    set({ toasts: [...get().toasts.slice(-4), { ...t, id }] });
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
