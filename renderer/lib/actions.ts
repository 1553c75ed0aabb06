/** Runs an API action with the house rules: errors as toasts with a hint, undo on bulk changes. */
import { toUserError, type UserError } from '../api/errors';
import { toast } from '../stores/toasts';

export async function run<T>(action: () => Promise<T>, success?: (result: T) => string): Promise<T | undefined> {
  try {
    const result = await action();
    if (success) {
      const undoId = (result as { undoId?: unknown } | null)?.undoId;
      toast.success(success(result), typeof undoId === 'string' ? undoId : undefined);
    }
    return result;
  } catch (e) {
    toast.error(toUserError(e));
    return undefined;
  }
}

/** Like run, but hands the error back for inline display instead of a toast. */
export async function attempt<T>(action: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: UserError }> {
  try {
    return { ok: true, value: await action() };
  } catch (e) {
    return { ok: false, error: toUserError(e) };
  }
}
