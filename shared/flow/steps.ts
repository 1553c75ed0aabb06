/**
 * The seven steps of the provisioning flow (the seeds, `../shared/seeds/`), and the events that
 * record them on a phone's timeline.
 */
import { z } from 'zod';

export const STEPS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Step = (typeof STEPS)[number];

export const STEP_INFO: Record<Step, { title: string; by: 'device' | 'server' | 'pbx'; done: string }> = {
  1: { title: 'Device asks the RPS for its provisioning link', by: 'device', done: 'Asked RPS' },
  2: { title: 'RPS answers with the provisioning server URL', by: 'server', done: 'Redirected' },
  3: { title: 'Device requests the BootFile', by: 'device', done: 'Boot requested' },
  4: { title: 'Server sends the BootFile', by: 'server', done: 'Boot served' },
  5: { title: 'Device requests ACC.cfg and BTN.cfg', by: 'device', done: 'Config requested' },
  6: { title: 'Server sends the configuration files', by: 'server', done: 'Configured' },
  7: { title: 'Device registers with the Asterisk PBX', by: 'pbx', done: 'Registered' },
};

export const OUTCOMES = ['ok', 'failed', 'info'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What a served file gives the phone; step 6 is complete once both have been served. */
export const FILE_ROLES = ['boot', 'account', 'buttons', 'other'] as const;
export type FileRole = (typeof FILE_ROLES)[number];

export const stepEventSchema = z.object({
  /** Monotonic per store; orders events that share a millisecond. */
  seq: z.number().int().nonnegative(),
  mac: z.string(),
  step: z.union(STEPS.map((s) => z.literal(s)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, ...z.ZodLiteral<Step>[]]),
  at: z.string(),
  outcome: z.enum(OUTCOMES),
  ip: z.string().default(''),
  userAgent: z.string().default(''),
  /** The file asked for or served, or the SIP contact for step 7. */
  file: z.string().optional(),
  provides: z.array(z.enum(FILE_ROLES)).optional(),
  /** Words a technician can act on, set when outcome is `failed`. */
  reason: z.string().optional(),
  /** Extra facts: the URL handed out, the round-trip time, the SIP status. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type StepEvent = z.infer<typeof stepEventSchema>;
export type NewStepEvent = Omit<StepEvent, 'seq' | 'at'> & { at?: string };

/** How many events a phone's timeline keeps; older ones are dropped first. */
export const TIMELINE_LIMIT = 200;
