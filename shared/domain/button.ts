/** Programmable keys on a phone. */
import { z } from 'zod';
import { configText } from './account';

export const BUTTON_TYPES = [
  'line',
  'blf',
  'speed_dial',
  'transfer',
  'voicemail',
  'park',
  'pickup',
  'dnd',
  'forward',
  'conference',
  'intercom',
  'paging',
  'record',
  'hotdesk_login',
  'none',
] as const;
export type ButtonType = (typeof BUTTON_TYPES)[number];

/** Button types that are meaningless without a value (an extension or number). */
export const BUTTON_TYPES_NEEDING_VALUE: ReadonlySet<ButtonType> = new Set(['blf', 'speed_dial', 'intercom', 'paging']);

export const BUTTON_TYPE_LABELS: Record<ButtonType, string> = {
  line: 'Line',
  blf: 'BLF (busy lamp)',
  speed_dial: 'Speed dial',
  transfer: 'Transfer',
  voicemail: 'Voicemail',
  park: 'Call park',
  pickup: 'Call pickup',
  dnd: 'Do not disturb',
  forward: 'Call forward',
  conference: 'Conference',
  intercom: 'Intercom',
  paging: 'Paging',
  record: 'Record',
  hotdesk_login: 'Hot-desk login',
  none: 'Unused',
};

export const buttonSchema = z
  .object({
    key: z.number().int().min(1, 'key numbers start at 1').max(200),
    type: z.enum(BUTTON_TYPES),
    value: configText(64).default(''),
    label: configText(32).default(''),
    /** Which of the phone's lines (1..n) the key acts on. */
    line: z.number().int().min(1).max(16).default(1),
  })
  .superRefine((button, ctx) => {
    if (BUTTON_TYPES_NEEDING_VALUE.has(button.type) && button.value.trim() === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `a ${BUTTON_TYPE_LABELS[button.type]} key needs an extension or number`,
      });
    }
  });
export type Button = z.infer<typeof buttonSchema>;
export type ButtonInput = z.input<typeof buttonSchema>;

/** Buttons of one phone: key numbers unique, sorted. */
export const buttonListSchema = z
  .array(buttonSchema)
  .max(200)
  .superRefine((buttons, ctx) => {
    const seen = new Set<number>();
    buttons.forEach((b, i) => {
      if (seen.has(b.key)) {
        ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `key ${b.key} is set twice` });
      }
      seen.add(b.key);
    });
  })
  .transform((buttons) => [...buttons].sort((a, b) => a.key - b.key));
