/**
 * The one error shape that crosses a boundary: every 4xx/5xx body of both listeners, and every
 * failure the renderer shows. `message` says what happened, `hint` what to do about it.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unsupported_media_type',
  'payload_too_large',
  'unauthorized',
  'forbidden',
  'not_found',
  'not_assigned',
  'identity_mismatch',
  'conflict',
  'rate_limited',
  'unavailable',
  'pbx_unreachable',
  'pbx_auth_failed',
  'pbx_refused',
  'internal',
  'disk_full',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    hint: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** Turns zod issues into `path: message` pairs a person can read. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}
