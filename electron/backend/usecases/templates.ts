/** Key-layout templates, and applying one to many phones at once (undoably). */
import { randomUUID } from 'node:crypto';
import { keyTemplateInputSchema, type KeyTemplate, type KeyTemplateInput, type TemplateMode } from '../../../shared/domain/template';
import type { Button } from '../../../shared/domain/button';
import type { Context } from '../context';
import { AppError } from '../errors';
import { patchPhones, requirePhone } from './phones';

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
  if (mode === 'replace') return patchPhones(ctx, macs, { buttons: template.buttons });
  // Merge differs per phone; one undo entry still restores every phone.
  const phones = macs.map((m) => requirePhone(ctx, m));
  const groups = new Map<string, string[]>();
  const layouts = new Map<string, Button[]>();
  for (const p of phones) {
    const layout = layoutFor(p.buttons, template, mode);
    const key = JSON.stringify(layout);
    layouts.set(key, layout);
    groups.set(key, [...(groups.get(key) ?? []), p.mac]);
  }
  const restore = phones.map((phone) => ({ op: 'putPhone' as const, phone }));
  for (const [key, group] of groups) await patchPhones(ctx, group, { buttons: layouts.get(key) as Button[] });
  return { affected: phones.length, undoId: ctx.undo.add(restore) };
}
