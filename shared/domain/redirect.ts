/**
 * Redirect rules of the RPS (seeds step 2): which provisioning server a device is sent to can
 * depend on client, region, model or MAC range. Ordered; the first rule that matches wins; with
 * none, the device goes to this app's own provisioning server.
 */
import { z } from 'zod';
import type { Mac } from '../mac';

export const redirectMatchSchema = z
  .object({
    client: z.string().max(64).optional(),
    region: z.string().max(64).optional(),
    /** Model, case-insensitive; `*` matches any run of characters (`T4*`). */
    model: z.string().max(64).optional(),
    vendor: z.string().max(32).optional(),
    /** Inclusive MAC range, canonical or any common spelling. */
    macFrom: z.string().optional(),
    macTo: z.string().optional(),
  })
  .strict();
export type RedirectMatch = z.infer<typeof redirectMatchSchema>;

export const redirectTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }),
  z.object({
    kind: z.literal('external'),
    url: z
      .string()
      .url('a full URL such as https://prov.example.com/')
      .refine((u) => /^(https?|tftp|ftp):/i.test(u), 'http, https, ftp or tftp'),
  }),
]);
export type RedirectTarget = z.infer<typeof redirectTargetSchema>;

export const redirectRuleInputSchema = z.object({
  name: z.string().min(1).max(64),
  enabled: z.boolean().default(true),
  match: redirectMatchSchema,
  target: redirectTargetSchema,
});
export const redirectRuleSchema = redirectRuleInputSchema.extend({ id: z.string().min(1) });
export type RedirectRule = z.infer<typeof redirectRuleSchema>;
export type RedirectRuleInput = z.input<typeof redirectRuleInputSchema>;

export interface RedirectSubject {
  mac: Mac;
  model: string;
  vendor: string;
  client: string;
  region: string;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

function sameText(want: string | undefined, have: string): boolean {
  return want === undefined || want === '' || want.toLowerCase() === have.toLowerCase();
}

export function ruleMatches(rule: RedirectRule, subject: RedirectSubject): boolean {
  if (!rule.enabled) return false;
  const m = rule.match;
  if (!sameText(m.client, subject.client) || !sameText(m.region, subject.region)) return false;
  if (!sameText(m.vendor, subject.vendor)) return false;
  if (m.model && !globToRegExp(m.model).test(subject.model)) return false;
  const mac = subject.mac.toLowerCase();
  const norm = (v: string | undefined) => v?.replace(/[^0-9a-f]/gi, '').toLowerCase();
  const from = norm(m.macFrom);
  const to = norm(m.macTo);
  if (from && mac < from) return false;
  if (to && mac > to) return false;
  return true;
}

/** The first enabled rule that matches, or undefined for the local provisioning server. */
export function pickRedirect(rules: readonly RedirectRule[], subject: RedirectSubject): RedirectRule | undefined {
  return rules.find((rule) => ruleMatches(rule, subject));
}
