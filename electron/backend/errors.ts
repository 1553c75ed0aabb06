/**
 * The backend's one error type. Use cases throw it; both listeners turn it into
 * `{ error: { code, message, hint } }` with its HTTP status. Anything else that escapes becomes a
 * 500 with a generic message, and its details go to the log, never to the client.
 */
import type { ZodError } from 'zod';
import { describeIssues, type ErrorCode } from '../../shared/errors';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  not_assigned: 404,
  identity_mismatch: 403,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  pbx_unreachable: 502,
  pbx_auth_failed: 502,
  /** The PBX took the action and said no (the AMI user lacks a right, the endpoint has no contact). */
  pbx_refused: 502,
  internal: 500,
  disk_full: 507,
};

/** Errors from the file system that mean the disk (or the user's quota) is full. */
export function isNoSpace(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.status = STATUS[code];
  }

  /** A write that did not reach the disk because it is full: nothing was saved. */
  static diskFull(what = 'The change'): AppError {
    return new AppError(
      'disk_full',
      `${what} was not saved: the disk holding the app's data folder is full`,
      'Free some space on that disk (or move the data folder to a larger one), then try again; nothing else needs to be done.',
    );
  }

  static notFound(what: string, hint?: string): AppError {
    return new AppError('not_found', `${what} was not found`, hint);
  }

  static fromZod(error: ZodError, what = 'request'): AppError {
    const issues = describeIssues(error.issues);
    const first = issues[0];
    const summary = first ? `${first.path}: ${first.message}` : 'invalid';
    return new AppError(
      'validation_failed',
      `The ${what} is not valid (${summary}${issues.length > 1 ? `, and ${issues.length - 1} more` : ''})`,
      'Correct the fields named and try again.',
      issues,
    );
  }

  toBody() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.hint ? { hint: this.hint } : {}),
        ...(this.issues ? { issues: this.issues } : {}),
      },
    };
  }
}
