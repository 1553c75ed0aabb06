/** What the UI sees of a sweep: its request, its progress as it goes, and how it ended. */
import { z } from 'zod';
import { lanInterfaceSchema } from './interfaces';

export const sweepRequestSchema = z
  .object({
    interface: z.string().min(1, 'pick an interface').max(64),
    /** A narrower range inside the interface's subnet; the whole subnet when left out. */
    cidr: z.string().max(18).optional(),
    /** Probes per second. */
    rate: z.number().int().min(10).max(5000).optional(),
  })
  .strict();
export type SweepRequest = z.infer<typeof sweepRequestSchema>;

export const SWEEP_STATES = ['running', 'done', 'cancelled', 'failed'] as const;

export const sweepStatusSchema = z.object({
  id: z.string(),
  state: z.enum(SWEEP_STATES),
  phase: z.enum(['probing', 'settling', 'fingerprinting', 'done', 'cancelled']),
  interface: z.string(),
  cidr: z.string(),
  probed: z.number().int(),
  total: z.number().int(),
  found: z.number().int(),
  /** Of those found, how many look like phones (known once the sweep is done). */
  phones: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  wallMs: z.number().optional(),
  error: z.string().optional(),
});
export type SweepStatus = z.infer<typeof sweepStatusSchema>;

export const pnpStatusSchema = z.object({
  enabled: z.boolean(),
  running: z.boolean(),
  interface: z.string(),
  address: z.string(),
  problem: z.string(),
});
export type PnpStatusView = z.infer<typeof pnpStatusSchema>;

export { lanInterfaceSchema };
