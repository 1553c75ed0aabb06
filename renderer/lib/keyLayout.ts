/** The Buttons screen's model of a key layout: pages of key numbers, and a check per key. */
import { buttonSchema, type Button, type ButtonType } from '../../shared/domain/button';
import { keyCapacity, totalKeys, type PhoneModel } from '../../shared/catalog/models';

export interface KeyPage {
  label: string;
  first: number;
  count: number;
  /** Phone pages draw keys left and right of the screen; modules draw a plain grid. */
  kind: 'phone' | 'module';
}

export function keyPages(model: PhoneModel): KeyPage[] {
  const pages: KeyPage[] = [];
  // A Fanvil X series phone: its line keys beside the screen first, then pages of memory keys.
  const side = model.sideKeys ?? 0;
  if (side > 0) pages.push({ label: 'Line keys', first: 1, count: side, kind: 'phone' });
  const per = Math.max(1, model.lineKeys);
  // The last page holds what is left: a T46U pages 10 keys but has 27 (shared/catalog/models.ts).
  const own = totalKeys(model) - side;
  const count = model.lineKeys > 0 ? Math.ceil(own / per) : 0;
  const single = side > 0 ? 'Memory keys' : 'Phone keys';
  for (let p = 0; p < count; p++) {
    pages.push({
      label: count > 1 ? `Page ${p + 1}` : single,
      first: side + p * per + 1,
      count: Math.min(per, own - p * per),
      kind: 'phone',
    });
  }
  const exp = model.expansion;
  if (exp) {
    const main = totalKeys(model);
    for (let m = 0; m < exp.maxModules; m++)
      pages.push({ label: `${exp.name} #${m + 1}`, first: main + m * exp.keys + 1, count: exp.keys, kind: 'module' });
  }
  return pages;
}

export type Draft = Map<number, Button>;

export function draftFrom(buttons: readonly Button[]): Draft {
  return new Map(buttons.map((b) => [b.key, { ...b }]));
}

export function emptyKey(key: number): Button {
  return { key, type: 'none', value: '', label: '', line: 1 };
}

/** What the draft saves: every key that does something, sorted. */
export function draftButtons(draft: Draft): Button[] {
  return [...draft.values()].filter((b) => b.type !== 'none' || b.label !== '').sort((a, b) => a.key - b.key);
}

/** Problems with one key, in words, for the picture and the editor. */
export function keyProblems(b: Button, model: PhoneModel, lines: number): string[] {
  const problems: string[] = [];
  if (b.type === 'none' && b.label === '') return problems;
  const parsed = buttonSchema.safeParse(b);
  if (!parsed.success) for (const i of parsed.error.issues) problems.push(i.message);
  if (!model.buttonTypes.includes(b.type)) problems.push(`this model has no ${b.type} key function`);
  if (b.key > keyCapacity(model).total) problems.push(`this model has only ${keyCapacity(model).total} keys`);
  if ((b.type === 'line' || b.type === 'blf') && lines > 0 && b.line > lines) problems.push(`line ${b.line} has no account on this phone`);
  return problems;
}

export function countProblems(draft: Draft, model: PhoneModel, lines: number): number {
  let n = 0;
  for (const b of draft.values()) if (keyProblems(b, model, lines).length > 0) n++;
  return n;
}

export const VALUE_HINT: Partial<Record<ButtonType, string>> = {
  blf: 'Extension to watch, e.g. 1002',
  speed_dial: 'Number to dial',
  intercom: 'Extension to call',
  paging: 'Paging group or number',
  park: 'Park slot (optional)',
  pickup: 'Pickup code (optional)',
  voicemail: 'Voicemail number (optional)',
  forward: 'Forward to (optional)',
  transfer: 'Transfer to (optional)',
};
