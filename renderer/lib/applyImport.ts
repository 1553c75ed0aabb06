/**
 * Applies a confirmed import plan: the server takes it whole (every row, or none if anything
 * changed since the preview) and answers with an undo id for the toast.
 */
import type { ImportPlan } from '../../shared/csv/importPlan';
import { api } from '../api/api';
import { toUserError, type UserError } from '../api/errors';

export interface ApplyResult {
  done: number;
  undoId?: string;
  failures: { what: string; error: UserError }[];
}

export function planSize(plan: ImportPlan): number {
  return plan.newAccounts.length + plan.passwordChanges.length + plan.phones.length;
}

export async function applyPlan(plan: ImportPlan, onProgress: (done: number) => void): Promise<ApplyResult> {
  try {
    const result = await api().importAssignments({ body: plan });
    onProgress(planSize(plan));
    return { done: planSize(plan), undoId: result.undoId, failures: [] };
  } catch (e) {
    return { done: 0, failures: [{ what: 'the import', error: toUserError(e) }] };
  }
}
