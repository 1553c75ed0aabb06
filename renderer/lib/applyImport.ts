/**
 * Applies a confirmed import plan through the API, one call at a time, reporting progress: new
 * accounts first (so lines can point at them), then phones created or updated.
 */
import type { ImportPlan } from '../../shared/csv/importPlan';
import { accountKey } from '../../shared/csv/assignmentCsv';
import type { AccountView } from '../../shared/domain/account';
import { formatMac } from '../../shared/mac';
import { api } from '../api/api';
import { toUserError, type UserError } from '../api/errors';

export interface ApplyResult {
  done: number;
  failures: { what: string; error: UserError }[];
}

export function planSize(plan: ImportPlan): number {
  return plan.newAccounts.length + plan.passwordChanges.length + plan.phones.length;
}

export async function applyPlan(
  plan: ImportPlan,
  accounts: readonly AccountView[],
  onProgress: (done: number) => void,
): Promise<ApplyResult> {
  const ids = new Map(accounts.map((a) => [accountKey(a.userName, a.serverHost), a.id]));
  const failures: ApplyResult['failures'] = [];
  let done = 0;
  const step = () => onProgress(++done);
  for (const a of plan.newAccounts) {
    try {
      const created = await api().createAccount({ body: a.input });
      ids.set(a.key, created.id);
    } catch (e) {
      failures.push({ what: `account ${a.key}`, error: toUserError(e) });
    }
    step();
  }
  for (const c of plan.passwordChanges) {
    try {
      await api().updateAccount({ params: { id: c.id }, body: { password: c.password } });
    } catch (e) {
      failures.push({ what: `password of ${c.key}`, error: toUserError(e) });
    }
    step();
  }
  for (const p of plan.phones) {
    const lines = p.lines.flatMap((l) => {
      const id = ids.get(l.accountKey);
      return id ? [{ line: l.line, accountId: id }] : [];
    });
    const fields = {
      ...(p.userType ? { userType: p.userType } : {}),
      ...(p.site !== undefined ? { site: p.site } : {}),
      ...(p.vendor ? { vendor: p.vendor } : {}),
      ...(p.model ? { model: p.model } : {}),
    };
    try {
      if (p.exists) {
        const current = await api().getPhone({ params: { mac: p.mac } });
        const merged = [...current.lines.filter((l) => !lines.some((n) => n.line === l.line)), ...lines].sort((a, b) => a.line - b.line);
        await api().updatePhone({ params: { mac: p.mac }, body: { ...fields, ...(lines.length ? { lines: merged } : {}) } });
      } else {
        await api().createPhone({ body: { mac: p.mac, ...fields, lines } });
      }
    } catch (e) {
      failures.push({ what: `phone ${formatMac(p.mac)}`, error: toUserError(e) });
    }
    step();
  }
  return { done, failures };
}
