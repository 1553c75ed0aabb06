/** SIP accounts: created by hand, from a CSV, or imported from the PBX. */
import { randomUUID } from 'node:crypto';
import {
  accountInputSchema,
  toAccountView,
  type Account,
  type AccountInput,
  type AccountPatch,
  type AccountView,
} from '../../../shared/domain/account';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { Op } from '../store/ops';

export function listAccounts(ctx: Context): AccountView[] {
  return [...ctx.store.state.accounts.values()].map(toAccountView);
}

function requireAccount(ctx: Context, id: string): Account {
  const account = ctx.store.state.accounts.get(id);
  if (!account) throw AppError.notFound(`Account ${id}`);
  return account;
}

function checkUnique(ctx: Context, account: Account): void {
  for (const other of ctx.store.state.accounts.values()) {
    if (other.id !== account.id && other.userName === account.userName && other.serverHost === account.serverHost) {
      throw new AppError(
        'conflict',
        `Account ${account.userName}@${account.serverHost} already exists`,
        'Assign the existing account instead.',
      );
    }
  }
}

export async function createAccount(ctx: Context, input: AccountInput, source: Account['source'] = 'manual'): Promise<AccountView> {
  const account: Account = { ...accountInputSchema.parse(input), id: randomUUID(), source };
  checkUnique(ctx, account);
  await saveAccounts(ctx, [account]);
  return toAccountView(account);
}

export async function updateAccount(ctx: Context, id: string, patch: AccountPatch): Promise<AccountView> {
  const current = requireAccount(ctx, id);
  const merged = accountInputSchema.parse({ ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) });
  const account: Account = { ...merged, id, source: current.source };
  checkUnique(ctx, account);
  await saveAccounts(ctx, [account]);
  return toAccountView(account);
}

export async function saveAccounts(ctx: Context, accounts: Account[]): Promise<void> {
  ctx.renderEpoch++;
  await ctx.store.commit(accounts.map((account) => ({ op: 'putAccount', account })));
  ctx.bus.publish({ type: 'accounts-changed' });
}

export async function deleteAccount(ctx: Context, id: string): Promise<{ affected: number; undoId: string }> {
  const account = requireAccount(ctx, id);
  const users = [...ctx.store.state.phones.values()].filter((p) => p.lines.some((l) => l.accountId === id));
  if (users.length > 0) {
    throw new AppError(
      'conflict',
      `Account ${account.userName} is assigned to ${users.length} phone(s) (${users
        .slice(0, 3)
        .map((p) => p.mac)
        .join(', ')})`,
      'Unassign it from those phones first.',
    );
  }
  ctx.renderEpoch++;
  await ctx.store.commit([{ op: 'deleteAccount', id }]);
  ctx.bus.publish({ type: 'accounts-changed' });
  const restore: Op[] = [{ op: 'putAccount', account }];
  return { affected: 1, undoId: ctx.undo.add(restore) };
}

export function revealPassword(ctx: Context, id: string): { password: string } {
  return { password: requireAccount(ctx, id).password };
}
