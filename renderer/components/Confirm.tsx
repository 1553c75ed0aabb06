/** Asks before a destructive action, in a native modal dialog (focus trapped, Esc cancels). */
import { useEffect, useRef } from 'react';
import { create } from 'zustand';

interface Ask {
  title: string;
  message: string;
  confirmLabel: string;
  resolve(ok: boolean): void;
}

const useConfirm = create<{ ask?: Ask }>()(() => ({}));

export function confirmAction(opts: { title: string; message: string; confirmLabel: string }): Promise<boolean> {
  return new Promise((resolve) => useConfirm.setState({ ask: { ...opts, resolve } }));
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
  const answer = (ok: boolean) => {
    ask?.resolve(ok);
    useConfirm.setState({ ask: undefined });
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="confirm-title" onCancel={() => answer(false)}>
      {ask && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            answer(true);
          }}
        >
          <h2 id="confirm-title">{ask.title}</h2>
          <p>{ask.message}</p>
          <div className="row-end">
            <button type="button" onClick={() => answer(false)} autoFocus>
              Cancel
            </button>
            <button type="submit" className="btn-danger">
              {ask.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
