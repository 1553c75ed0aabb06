/** The listeners' limits, in one place (http/listen.ts applies them). */
import { FIRMWARE_MAX_BYTES } from '../../../shared/firmware/library';
import type { ListenOptions } from './listen';

/** The API's JSON bodies (express.json in admin/app.ts); a firmware upload may be larger (FIRMWARE_MAX_BYTES). */
export const ADMIN_JSON_MAX_BYTES = 8 * 1024 * 1024;

/**
 * The device listener: 512 connections served at once (each phone holds at most one, and asks one
 * thing at a time on it). The budget bounds how long a request can wait behind the others: with
 * 2048, a busy machine took longer than a phone's timeout to reach the last ones, which then
 * timed out, retried and queued again. A request past the budget gets 503 with Retry-After,
 * which deskphone firmware retries; only past 8192 is a connection closed unanswered. The RPS
 * body limit (4 KB, device/app.ts) is checked from the declared length first.
 */
export function deviceLimits(options: { deviceConnectionBudget?: number }): Partial<ListenOptions> {
  return {
    connectionBudget: options.deviceConnectionBudget ?? 512,
    hardConnectionCap: 8192,
    retryAfterSeconds: 2,
    maxBodyBytes: 4096,
  };
}

/**
 * The admin listener (loopback, the UI and the API): a few browser tabs, each holding the event
 * stream and a handful of requests. Headers within 10 s; a whole request within 5 minutes (a
 * firmware image of up to 512 MB is uploaded here; the event stream is a response, which this
 * does not limit); no body over the firmware limit (JSON bodies over 8 MB are refused at once in
 * admin/app.ts).
 */
export const ADMIN_LIMITS: Partial<ListenOptions> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 300_000,
  connectionBudget: 128,
  hardConnectionCap: 256,
  retryAfterSeconds: 1,
  maxBodyBytes: FIRMWARE_MAX_BYTES,
};
