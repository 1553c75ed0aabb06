/** Shapes the admin API returns. */
import { z } from 'zod';
import { phoneSchema } from '../domain/phone';
import { accountSchema } from '../domain/account';
import type { FlowState } from '../flow/machine';
import { STAGES } from '../flow/machine';

const stepMarkSchema = z.object({
  outcome: z.enum(['ok', 'failed', 'info']),
  at: z.string(),
  reason: z.string().optional(),
});

export const flowStateSchema: z.ZodType<FlowState> = z.object({
  stage: z.enum(STAGES),
  steps: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), stepMarkSchema) as unknown as z.ZodType<FlowState['steps']>,
  served: z.array(z.enum(['boot', 'account', 'buttons', 'other'])),
  failure: z.object({ step: z.number(), reason: z.string(), at: z.string(), file: z.string().optional() }).optional(),
  lastSeen: z.string().optional(),
  lastIp: z.string().optional(),
  userAgent: z.string().optional(),
  upgradingTo: z.string().optional(),
}) as unknown as z.ZodType<FlowState>;

export const phoneViewSchema = phoneSchema.extend({
  flow: flowStateSchema,
  provisioningUrl: z.string(),
});
export type PhoneView = z.infer<typeof phoneViewSchema>;

export const accountViewSchema = accountSchema.omit({ password: true }).extend({ hasPassword: z.boolean() });

export const serverInfoSchema = z.object({
  version: z.string(),
  rpsUrl: z.string(),
  deviceBaseUrl: z.string(),
  dataDir: z.string(),
  /** How SIP passwords are kept on disk: the OS keystore, a key file beside the store, or plain. */
  secretsAtRest: z.enum(['os', 'file-key', 'plain']),
  /** What to paste into DHCP option 66 or a phone's web page when plug-and-play is not possible. */
  manualProvisioning: z.object({ option66: z.string(), note: z.string() }),
});
export type ServerInfo = z.infer<typeof serverInfoSchema>;

export const undoableSchema = z.object({
  affected: z.number().int(),
  /** Pass to the undo route to put everything back as it was. */
  undoId: z.string(),
});
export type Undoable = z.infer<typeof undoableSchema>;

export const okSchema = z.object({ ok: z.literal(true) });
