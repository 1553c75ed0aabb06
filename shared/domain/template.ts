/** Key-layout templates: a named set of buttons applied to many phones at once. */
import { z } from 'zod';
import { buttonListSchema } from './button';

export const keyTemplateInputSchema = z.object({
  name: z.string().trim().min(1, 'give the template a name').max(64),
  /** The model it was drawn for, if any (e.g. T46U); informative, not enforced. */
  model: z.string().max(64).default(''),
  buttons: buttonListSchema,
});
export type KeyTemplateInput = z.input<typeof keyTemplateInputSchema>;

export const keyTemplateSchema = keyTemplateInputSchema.extend({ id: z.string().min(1) });
export type KeyTemplate = z.infer<typeof keyTemplateSchema>;

/** How a template meets the keys a phone already has. */
export const TEMPLATE_MODES = ['replace', 'merge'] as const;
export type TemplateMode = (typeof TEMPLATE_MODES)[number];
