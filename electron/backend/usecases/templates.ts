/** Key-layout templates, and applying one to many phones at once (undoably). */
import { randomUUID } from 'node:crypto';
import { keyTemplateInputSchema, type KeyTemplate, type KeyTemplateInput, type TemplateMode } from '../../../shared/domain/template';
import type { Button } from '../../../shared/domain/button';
import type { Context } from '../context';
import { AppError } from '../errors';
import { patchPhones, requirePhone } from './phones';
import { expandButtons, hasVariables, varsOf } from '../../../shared/templates/variables';

export function listTemplates(ctx: Context): KeyTemplate[] {
  return [...ctx.store.state.templates.values()];
}

function requireTemplate(ctx: Context, id: string): KeyTemplate {
  const template = ctx.store.state.templates.get(id);
  if (!template) throw AppError.notFound(`Template ${id}`);
  return template;
}

async function save(ctx: Context, template: KeyTemplate): Promise<KeyTemplate> {
  await ctx.store.commit([{ op: 'putTemplate', template }]);
  ctx.bus.publish({ type: 'templates-changed' });
  return template;
}

export function createTemplate(ctx: Context, input: KeyTemplateInput): Promise<KeyTemplate> {
  return save(ctx, { ...keyTemplateInputSchema.parse(input), id: randomUUID() });
}

export function updateTemplate(ctx: Context, id: string, input: KeyTemplateInput): Promise<KeyTemplate> {
  requireTemplate(ctx, id);
  return save(ctx, { ...keyTemplateInputSchema.parse(input), id });
}

export async function deleteTemplate(ctx: Context, id: string): Promise<{ affected: number; undoId: string }> {
  const template = requireTemplate(ctx, id);
  await ctx.store.commit([{ op: 'deleteTemplate', id }]);
  ctx.bus.publish({ type: 'templates-changed' });
  return { affected: 1, undoId: ctx.undo.add([{ op: 'putTemplate', template }]) };
}

/** `replace`: the phone's keys become the template's; `merge`: template keys win, other keys stay. */
export function layoutFor(current: readonly Button[], template: KeyTemplate, mode: TemplateMode): Button[] {
  if (mode === 'replace') return template.buttons;
  const byKey = new Map(current.map((b) => [b.key, b]));
  for (const b of template.buttons) byKey.set(b.key, b);
  return [...byKey.values()].sort((a, b) => a.key - b.key);
}

export async function applyTemplate(
  ctx: Context,
  id: string,
  macs: readonly string[],
  mode: TemplateMode,
): Promise<{ affected: number; undoId: string }> {
  const template = requireTemplate(ctx, id);
  const variables = template.buttons.some((b) => hasVariables(b.value) || hasVariables(b.label));
  if (mode === 'replace' && !variables) return patchPhones(ctx, macs, { buttons: template.buttons });
  // Merge and template variables ({ext}, {site}, … shared/templates/variables.ts) differ per
  // phone; one undo entry still restores every phone.
  const phones = macs.map((m) => requirePhone(ctx, m));
  const accounts = ctx.store.state.accounts;
  const expanded = new Map(phones.map((p) => [p.mac, expandButtons(template.buttons, varsOf(p, accounts))]));
  const unfilled = phones.filter((p) => (expanded.get(p.mac)?.problems.length ?? 0) > 0);
  if (unfilled.length > 0) {
    const first = unfilled[0] as (typeof phones)[number];
    throw new AppError(
      'validation_failed',
      `Template “${template.name}” cannot be filled in for ${unfilled.length} phone(s): ${first.mac} ${expanded.get(first.mac)?.problems[0] ?? ''}`,
      'Give those phones the accounts the template uses, or leave them out. Nothing was changed.',
    );
  }
  const groups = new Map<string, string[]>();
  const layouts = new Map<string, Button[]>();
  for (const p of phones) {
    const filled = { ...template, buttons: expanded.get(p.mac)?.buttons ?? template.buttons };
    const layout = layoutFor(p.buttons, filled, mode);
    const key = JSON.stringify(layout);
    layouts.set(key, layout);
    groups.set(key, [...(groups.get(key) ?? []), p.mac]);
  }
  const restore = phones.map((phone) => ({ op: 'putPhone' as const, phone }));
  for (const [key, group] of groups) await patchPhones(ctx, group, { buttons: layouts.get(key) as Button[] });
  return { affected: phones.length, undoId: ctx.undo.add(restore) };
}
