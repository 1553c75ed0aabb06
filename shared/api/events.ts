/** Events the backend pushes to the UI over one server-sent-events stream. */
import { z } from 'zod';
import { deviceSchema } from '../domain/inventory';
import { sweepStatusSchema } from '../discovery/sweepStatus';
import { stepEventSchema } from '../flow/steps';
import { linkStateSchema } from '../pbx/views';
import { ringEventSchema, testCallEventSchema } from '../pbx/ring';
import { reprovisionViewSchema } from '../pbx/reprovision';

/** Something went wrong that the technician must hear of: a full disk, a write that failed, an internal fault. */
export const faultSchema = z.object({
  kind: z.enum(['disk_full', 'write_failed', 'internal']),
  message: z.string(),
  hint: z.string(),
  at: z.string(),
});
export type Fault = z.infer<typeof faultSchema>;

export const serverEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('step'), event: stepEventSchema }),
  z.object({ type: z.literal('phones-changed'), macs: z.array(z.string()) }),
  z.object({ type: z.literal('accounts-changed') }),
  z.object({ type: z.literal('rules-changed') }),
  z.object({ type: z.literal('settings-changed') }),
  z.object({ type: z.literal('templates-changed') }),
  z.object({ type: z.literal('device'), device: deviceSchema }),
  /** A sweep's progress, as it goes, and how it ended. */
  z.object({ type: z.literal('sweep'), sweep: sweepStatusSchema }),
  /** The AMI link to the PBX changed, or whether the contact list was read since it came up. */
  z.object({ type: z.literal('pbx-link'), link: linkStateSchema, synced: z.boolean() }),
  /** A desk-check ring: ringing, then answered, no-answer, busy or failed (with Asterisk's cause). */
  ringEventSchema,
  /** A test call between two phones: calling, established (both up), ended (with its duration) or failed. */
  testCallEventSchema,
  /** A fault began (sent again to each new stream while it lasts), or ended. */
  z.object({ type: z.literal('fault'), fault: faultSchema }),
  z.object({ type: z.literal('fault-cleared'), kind: faultSchema.shape.kind }),
  /** A re-provision moved on: asked for, files fetched, registered again, or why not. */
  z.object({ type: z.literal('reprovision'), reprovision: reprovisionViewSchema }),
  /** The firmware library or its targets changed. */
  z.object({ type: z.literal('firmware-changed') }),
]);
export type ServerEvent = z.infer<typeof serverEventSchema>;
