/** Error notes, progress bars and the toast stack. */
import type { UserError } from '../api/errors';
import { api } from '../api/api';
import { toUserError } from '../api/errors';
import { useToasts, toast } from '../stores/toasts';

export function ErrorNote({ error, onRetry, testId }: { error: UserError; onRetry?: () => void; testId?: string }) {
  return (
    <div className="note note-error" role="alert" data-testid={testId}>
      <strong>{error.message}</strong>
      {error.hint && <div>{error.hint}</div>}
      {error.issues && error.issues.length > 0 && (
        <ul>
          {error.issues.map((i, n) => (
            <li key={n}>
              <code>{i.path}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Progress({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.round((value / max) * 100) : 0;
  return (
    <div className="progress">
      <progress value={value} max={Math.max(1, max)} aria-label={label} />
      <span>
        {label}: {value} of {max} ({pct}%)
      </span>
    </div>
  );
}

export async function undo(undoId: string, toastId: number): Promise<void> {
  useToasts.getState().dismiss(toastId);
  try {
    await api().undo({ params: { undoId } });
    toast.info('Undone');
  } catch (e) {
    toast.error(toUserError(e));
  }
}

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  const anchor = useToasts((s) => s.anchor);
  return (
    <div className={`toasts toasts-${anchor}`} aria-live="polite" aria-relevant="additions" data-anchor={anchor}>
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
          <div className="toast-text">
            <strong>{t.message}</strong>
            {t.hint && <div>{t.hint}</div>}
          </div>
          {t.undoId && (
            <button type="button" className="btn-undo" onClick={() => void undo(t.undoId as string, t.id)}>
              Undo
            </button>
          )}
          <button type="button" className="btn-icon" aria-label="Dismiss message" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
