/** The listeners' limits, in one place (http/listen.ts applies them). */
import type { ListenOptions } from './listen';

/**
 * The device listener: 2048 connections served at once (each real phone holds at most one); a
 * request past that gets 503 with Retry-After, which deskphone firmware retries; the RPS body
 * limit (4 KB, device/app.ts) is checked from the declared length first.
 */
export function deviceLimits(options: { deviceConnectionBudget?: number }): Partial<ListenOptions> {
  return { connectionBudget: options.deviceConnectionBudget ?? 2048, retryAfterSeconds: 2, maxBodyBytes: 4096 };
}

/**
 * The admin listener (loopback, the UI and the API): a few browser tabs, each holding the event
 * stream and a handful of requests. Headers within 10 s, a whole request within 30 s (the event
 * stream is a response, which this does not limit), bodies up to the API's 8 MB.
 */
export const ADMIN_LIMITS: Partial<ListenOptions> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  connectionBudget: 128,
  hardConnectionCap: 256,
  retryAfterSeconds: 1,
  maxBodyBytes: 8 * 1024 * 1024,
};
