/** Events the backend pushes to the UI over one server-sent-events stream. */
import { z } from 'zod';
import { deviceSchema } from '../domain/inventory';
import { stepEventSchema } from '../flow/steps';

export const serverEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('step'), event: stepEventSchema }),
  z.object({ type: z.literal('phones-changed'), macs: z.array(z.string()) }),
  z.object({ type: z.literal('accounts-changed') }),
  z.object({ type: z.literal('rules-changed') }),
  z.object({ type: z.literal('settings-changed') }),
  z.object({ type: z.literal('templates-changed') }),
  z.object({ type: z.literal('device'), device: deviceSchema }),
]);
export type ServerEvent = z.infer<typeof serverEventSchema>;
