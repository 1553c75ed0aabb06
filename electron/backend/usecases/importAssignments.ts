/**
 * Applies a confirmed CSV import in one step: every account and phone it creates or changes is
 * checked first, then written together, and one undo puts everything back. A plan with any
 * problem changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { importPlanSchema, ImportResult } from '../../../shared/csv/importPlan';
import { accountInputSchema, type Account } from '../../../shared/domain/account';
import type { Phone } from '../../../shared/domain/phone';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { Op } from '../store/ops';
import { newToken } from './phones';

type Plan = z.output<typeof importPlanSchema>;

export async function importAssignments(ctx: Context, plan: Plan): Promise<ImportResult> {
  const { accounts, phones } = ctx.store.state;
  const ids = new Map<string, string>();
  for (const a of accounts.values()) ids.set(`${a.userName.toLowerCase()}@${a.serverHost.toLowerCase()}`, a.id);
  const ops: Op[] = [];
  const restore: Op[] = [];

  for (const { key, input } of plan.newAccounts) {
    const account: Account = { ...accountInputSchema.parse(input), id: randomUUID(), source: 'csv' };
    const existing = [...accounts.values()].find((a) => a.userName === account.userName && a.serverHost === account.serverHost);
    if (existing)
      throw new AppError('conflict', `Account ${account.userName}@${account.serverHost} already exists`, 'Preview the file again.');
    ids.set(key, account.id);
    ops.push({ op: 'putAccount', account });
    restore.push({ op: 'deleteAccount', id: account.id });
  }
  let passwordsUnchanged = 0;
  for (const change of plan.passwordChanges) {
    const current = accounts.get(change.id);
    if (!current) throw AppError.notFound(`Account ${change.key}`, 'Preview the file again.');
    // The file gives the password the account already has: nothing to change (or count).
    if (current.password === change.password) {
      passwordsUnchanged++;
      continue;
    }
    ops.push({ op: 'putAccount', account: { ...current, password: change.password } });
    restore.push({ op: 'putAccount', account: current });
  }

  const now = new Date().toISOString();
  for (const p of plan.phones) {
    const lines = p.lines.map((l) => {
      const accountId = ids.get(l.accountKey);
      if (!accountId)
        throw new AppError(
          'validation_failed',
          `Phone ${p.mac}, line ${l.line}: account ${l.accountKey} is unknown`,
          'Preview the file again.',
        );
      return { line: l.line, accountId };
    });
    const fields = {
      ...(p.userType ? { userType: p.userType } : {}),
      ...(p.site !== undefined ? { site: p.site } : {}),
      ...(p.vendor ? { vendor: p.vendor } : {}),
      ...(p.model ? { model: p.model } : {}),
      ...(p.serial ? { serial: p.serial } : {}),
    };
    const current = phones.get(p.mac);
    let phone: Phone;
    if (current) {
      const merged = [...current.lines.filter((l) => !lines.some((n) => n.line === l.line)), ...lines].sort((a, b) => a.line - b.line);
      phone = { ...current, ...fields, lines: merged, updatedAt: now, revision: current.revision + 1 };
      restore.push({ op: 'putPhone', phone: current });
    } else {
      const seen = ctx.store.state.devices.get(p.mac);
      phone = {
        mac: p.mac,
        serial: fields.serial ?? seen?.serial ?? '',
        vendor: fields.vendor ?? seen?.vendor ?? '',
        model: fields.model ?? seen?.model ?? '',
        firmware: seen?.firmware ?? '',
        userType: fields.userType ?? 'standard',
        client: '',
        region: '',
        site: fields.site ?? '',
        lines,
        buttons: [],
        token: newToken(),
        lastIp: seen?.ip ?? '',
        createdAt: now,
        updatedAt: now,
        revision: 0,
      };
      restore.push({ op: 'deletePhone', mac: p.mac });
    }
    ops.push({ op: 'putPhone', phone });
  }

  for (const op of ops) if (op.op === 'putPhone') ctx.tokens.set(op.phone.token, op.phone.mac);
  ctx.renderEpoch++;
  const phonesCreated = plan.phones.filter((p) => !phones.has(p.mac)).length;
  const passwordsChanged = plan.passwordChanges.length - passwordsUnchanged;
  const result = {
    accountsCreated: plan.newAccounts.length,
    passwordsChanged,
    passwordsUnchanged,
    phonesCreated,
    phonesUpdated: plan.phones.length - phonesCreated,
  };
  await ctx.store.commit(ops);
  ctx.bus.publish({ type: 'accounts-changed' });
  ctx.bus.publish({ type: 'phones-changed', macs: plan.phones.map((p) => p.mac) });
  // Undo runs the restore operations in reverse, so phones go before the accounts they use.
  return { affected: ops.length, undoId: ctx.undo.add(restore.reverse()), ...result };
}
