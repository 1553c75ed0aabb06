/** Redirect rules of the RPS: ordered, first match wins. */
import { randomUUID } from 'node:crypto';
import { redirectRuleInputSchema, type RedirectRule, type RedirectRuleInput } from '../../../shared/domain/redirect';
import type { Context } from '../context';
import { AppError } from '../errors';

export function listRules(ctx: Context): RedirectRule[] {
  return [...ctx.store.state.rules];
}

async function setRules(ctx: Context, rules: RedirectRule[]): Promise<void> {
  await ctx.store.commit([{ op: 'setRules', rules }]);
  ctx.bus.publish({ type: 'rules-changed' });
}

export async function createRule(ctx: Context, input: RedirectRuleInput): Promise<RedirectRule> {
  const rule: RedirectRule = { ...redirectRuleInputSchema.parse(input), id: randomUUID() };
  await setRules(ctx, [...ctx.store.state.rules, rule]);
  return rule;
}

export async function updateRule(ctx: Context, id: string, input: RedirectRuleInput): Promise<RedirectRule> {
  if (!ctx.store.state.rules.some((r) => r.id === id)) throw AppError.notFound(`Redirect rule ${id}`);
  const rule: RedirectRule = { ...redirectRuleInputSchema.parse(input), id };
  await setRules(
    ctx,
    ctx.store.state.rules.map((r) => (r.id === id ? rule : r)),
  );
  return rule;
}

export async function deleteRule(ctx: Context, id: string): Promise<{ affected: number; undoId: string }> {
  const before = ctx.store.state.rules;
  if (!before.some((r) => r.id === id)) throw AppError.notFound(`Redirect rule ${id}`);
  await setRules(
    ctx,
    before.filter((r) => r.id !== id),
  );
  return { affected: 1, undoId: ctx.undo.add([{ op: 'setRules', rules: [...before] }]) };
}

export async function orderRules(ctx: Context, ids: string[]): Promise<RedirectRule[]> {
  const byId = new Map(ctx.store.state.rules.map((r) => [r.id, r]));
  if (ids.length !== byId.size || new Set(ids).size !== ids.length || ids.some((id) => !byId.has(id))) {
    throw new AppError('validation_failed', 'The new order must list every rule exactly once', 'Reload the rules and try again.');
  }
  const rules = ids.map((id) => byId.get(id) as RedirectRule);
  await setRules(ctx, rules);
  return rules;
}
