/**
 * The audit log of the device listener: every request for a file holding secrets (served or
 * refused), every RPS answer that handed out a provisioning URL, every refusal for bad
 * credentials. Who (address, User-Agent), when, what, and the outcome; never a token or password.
 */
import { z } from 'zod';
import { serializeCsv } from '../csv/csv';

export const AUDIT_KINDS = ['rps', 'file', 'guard', 'reprovision'] as const;
/** `opened` / `closed`: a re-provision window let one phone's address past its lock, then no more. */
export const AUDIT_OUTCOMES = ['served', 'refused', 'opened', 'closed'] as const;

/** Why a request was refused, for the log and its filters. */
export const AUDIT_REASONS = [
  'unknown_token',
  'unknown_mac',
  'bad_serial',
  'digest_missing',
  'digest_failed',
  'digest_no_credentials',
  'phone_locked',
  'not_allowed',
  'locked_out',
  'https_off',
  'no_such_path',
  'awaiting_approval',
  'rejected_caller',
  'digest_replayed',
] as const;
export type AuditReason = (typeof AUDIT_REASONS)[number];

export const auditEntrySchema = z.object({
  at: z.string(),
  ip: z.string(),
  userAgent: z.string(),
  tls: z.boolean(),
  kind: z.enum(AUDIT_KINDS),
  /** The phone concerned, when the request named one we know ('' otherwise). */
  mac: z.string(),
  /** The file asked for, the RPS path, or a redacted path for guard refusals. */
  what: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  status: z.number().int(),
  reason: z.enum(AUDIT_REASONS).optional(),
  /** Identical requests folded into this entry (a client hammering one file): how many, and the last one's time. */
  repeats: z.number().int().min(2).optional(),
  lastAt: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.object({
  mac: z.string().max(32).optional(),
  ip: z.string().max(64).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  kind: z.enum(AUDIT_KINDS).optional(),
  reason: z.enum(AUDIT_REASONS).optional(),
  /** ISO time: entries at or after it. */
  since: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export function matchesAudit(entry: AuditEntry, q: Omit<AuditQuery, 'limit'>): boolean {
  return (
    (q.mac === undefined || entry.mac === q.mac.toLowerCase().replace(/[^0-9a-f]/g, '')) &&
    (q.ip === undefined || entry.ip === q.ip) &&
    (q.outcome === undefined || entry.outcome === q.outcome) &&
    (q.kind === undefined || entry.kind === q.kind) &&
    (q.reason === undefined || entry.reason === q.reason) &&
    (q.since === undefined || entry.at >= q.since)
  );
}

export const AUDIT_CSV_HEADER = [
  'time',
  'ip',
  'user_agent',
  'tls',
  'kind',
  'mac',
  'what',
  'outcome',
  'status',
  'reason',
  'repeats',
  'last_time',
] as const;

/** CSV for a spreadsheet; cells a spreadsheet would run as formulas are defused by serializeCsv. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return serializeCsv(
    AUDIT_CSV_HEADER,
    entries.map((e) => [
      e.at,
      e.ip,
      e.userAgent,
      e.tls ? 'yes' : 'no',
      e.kind,
      e.mac,
      e.what,
      e.outcome,
      String(e.status),
      e.reason ?? '',
      String(e.repeats ?? 1),
      e.lastAt ?? e.at,
    ]),
  );
}

/** Two entries for the same request from the same client, apart from their times. */
export function sameAuditRequest(a: AuditEntry, b: AuditEntry): boolean {
  return (
    a.ip === b.ip &&
    a.what === b.what &&
    a.mac === b.mac &&
    a.outcome === b.outcome &&
    a.status === b.status &&
    a.reason === b.reason &&
    a.kind === b.kind &&
    a.tls === b.tls &&
    a.userAgent === b.userAgent
  );
}

/** Paths in the log never carry a provisioning token. */
export function redactPath(path: string): string {
  return path.replace(/\/p\/[^/]*/g, '/p/[token]').slice(0, 160);
}
