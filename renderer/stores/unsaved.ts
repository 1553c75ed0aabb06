/**
 * Unsaved edits: a form with changes registers a guard; leaving its screen (navigation, Alt+n,
 * the back button) or closing its panel asks Save / Discard / Stay first, and closing the window
 * asks the browser's own question.
 */
import { useEffect, useRef } from 'react';
import { askUnsaved } from '../components/Confirm';

export type GuardScope = 'screen' | 'panel';

interface Guard {
  what: string;
  scope: GuardScope;
  /** Saves; false when saving failed (the form shows why), so the user stays. */
  save(): Promise<boolean>;
}

const guards = new Map<symbol, Guard>();

export function hasUnsaved(scope?: GuardScope): boolean {
  for (const g of guards.values()) if (!scope || g.scope === scope) return true;
  return false;
}

/** Asks about each form with unsaved edits in `scope` (all when absent); true when it may go on. */
export async function confirmLeave(scope?: GuardScope): Promise<boolean> {
  for (const [id, g] of [...guards]) {
    if (scope && g.scope !== scope) continue;
    if (!guards.has(id)) continue;
    const answer = await askUnsaved(g.what);
    if (answer === 'stay') return false;
    if (answer === 'save' && !(await g.save())) return false;
    guards.delete(id);
  }
  return true;
}

/** Registers the form's unsaved edits while `dirty`. */
export function useUnsavedGuard(dirty: boolean, what: string, save: () => Promise<boolean>, scope: GuardScope = 'screen'): void {
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    if (!dirty) return;
    const id = Symbol(what);
    guards.set(id, { what, scope, save: () => saveRef.current() });
    return () => {
      guards.delete(id);
    };
  }, [dirty, what, scope]);
}

if (typeof window !== 'undefined') {
  window.addEventListener('beforeunload', (e) => {
    if (hasUnsaved()) e.preventDefault();
  });
}
