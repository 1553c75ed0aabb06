/**
 * Asks before an action, in a native modal dialog (focus trapped, Esc cancels): a destructive or
 * bulk action (with the list of what it acts on, scrollable), or leaving unsaved edits
 * (Save / Discard / Stay).
 */
import { useEffect, useRef } from 'react';
import { create } from 'zustand';

type Answer = 'confirm' | 'cancel' | 'discard';

interface Ask {
  title: string;
  message: string;
  confirmLabel: string;
  /** What the action acts on, one line each, shown as a scrollable list. */
  items?: readonly string[];
  itemsLabel?: string;
  danger: boolean;
  /** A third button between Cancel and confirm (used for "Discard"). */
  discardLabel?: string;
  cancelLabel: string;
  resolve(a: Answer): void;
}

const useConfirm = create<{ ask?: Ask }>()(() => ({}));

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmLabel: string;
  items?: readonly string[];
  itemsLabel?: string;
  /** Red confirm button; default true. */
  danger?: boolean;
}

export function confirmAction(opts: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) =>
    useConfirm.setState({
      ask: { ...opts, danger: opts.danger ?? true, cancelLabel: 'Cancel', resolve: (a) => resolve(a === 'confirm') },
    }),
  );
}

/** Unsaved edits: 'save' (save, then go on), 'discard' (go on without saving) or 'stay'. */
export function askUnsaved(what: string): Promise<'save' | 'discard' | 'stay'> {
  return new Promise((resolve) =>
    useConfirm.setState({
      ask: {
        title: 'Save your changes?',
        message: `Unsaved changes: ${what}. Save them before leaving, discard them, or stay here.`,
        confirmLabel: 'Save',
        discardLabel: 'Discard',
        cancelLabel: 'Stay',
        danger: false,
        resolve: (a) => resolve(a === 'confirm' ? 'save' : a === 'discard' ? 'discard' : 'stay'),
      },
    }),
  );
}

export function ConfirmHost() {
  const ask = useConfirm((s) => s.ask);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (ask && !d.open) d.showModal();
    if (!ask && d.open) d.close();
  }, [ask]);
  const answer = (a: Answer) => {
    ask?.resolve(a);
    useConfirm.setState({ ask: undefined });
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="confirm-title" onCancel={() => answer('cancel')} data-testid="confirm-dialog">
      {ask && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            answer('confirm');
          }}
        >
          <h2 id="confirm-title">{ask.title}</h2>
          <p>{ask.message}</p>
          {ask.items && (
            <div className="confirm-items">
              <div className="muted">{ask.itemsLabel ?? `${ask.items.length} item(s):`}</div>
              <ul aria-label={ask.itemsLabel ?? 'Acts on'} data-testid="confirm-items" tabIndex={0}>
                {ask.items.map((i) => (
                  <li key={i}>{i}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="row-end">
            <button type="button" onClick={() => answer('cancel')} autoFocus>
              {ask.cancelLabel}
            </button>
            {ask.discardLabel && (
              <button type="button" className="btn-danger" onClick={() => answer('discard')}>
                {ask.discardLabel}
              </button>
            )}
            <button type="submit" className={ask.danger ? 'btn-danger' : 'btn-primary'}>
              {ask.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
