/** Any failure, as the user sees it: what happened and what to do. Never a stack trace. */
import { ApiError } from '../../shared/api/client';

export interface UserError {
  message: string;
  hint?: string;
  issues?: { path: string; message: string }[];
  code?: string;
}

export function toUserError(error: unknown): UserError {
  if (error instanceof ApiError) {
    return {
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(error.body.issues ? { issues: error.body.issues } : {}),
      code: error.body.code,
    };
  }
  if (error instanceof TypeError) {
    return {
      message: "The app's backend did not answer",
      hint: 'If you use the browser, check that headless mode is still running, then reload this page.',
      code: 'network',
    };
  }
  return { message: error instanceof Error ? error.message : String(error), hint: 'Try again; if it keeps happening, restart the app.' };
}
