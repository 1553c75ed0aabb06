/**
 * Applies a confirmed import plan: the server takes it whole (every row, or none if anything
 * changed since the preview) and answers with an undo id for the toast.
 */
import type { ImportPlan } from '../../shared/csv/importPlan';
import { api } from '../api/api';
import { toUserError, type UserError } from '../api/errors';

export interface ApplyCounts {
  accountsCreated: number;
  passwordsChanged: number;
  passwordsUnchanged: number;
  phonesCreated: number;
  phonesUpdated: number;
}

export interface ApplyResult {
  done: ApplyCounts;
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
    const created = plan.phones.filter((p) => !p.exists).length;
    // The server's own counts; a server without them: what the plan asked for.
    const done: ApplyCounts = {
      accountsCreated: result.accountsCreated ?? plan.newAccounts.length,
      passwordsChanged: result.passwordsChanged ?? plan.passwordChanges.length,
      passwordsUnchanged: result.passwordsUnchanged ?? 0,
      phonesCreated: result.phonesCreated ?? created,
      phonesUpdated: result.phonesUpdated ?? plan.phones.length - created,
    };
    return { done, undoId: result.undoId, failures: [] };
  } catch (e) {
    return {
      done: { accountsCreated: 0, passwordsChanged: 0, passwordsUnchanged: 0, phonesCreated: 0, phonesUpdated: 0 },
      failures: [{ what: 'the import', error: toUserError(e) }],
    };
  }
}
