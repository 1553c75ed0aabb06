/**
 * When the registration monitor's next contact-detail read (a `PJSIPShowContacts` of every
 * contact) may start. The read costs Asterisk and the app a listing of the whole site, however few
 * contacts are new, so a burst of registrations must cost a few listings, not one a second:
 * - it waits until no new contact came for `quietMs` (the burst settled), but no longer than
 *   `maxWaitMs` after the first contact still waiting (a long burst is still shown as it goes);
 * - it starts no sooner than `costFactor` times the last read's duration after that read ended,
 *   and at least `minGapMs` after it (a large site's listing is slow, so it is read less often).
 * Pure: times in ms, the caller owns the clock and the timer.
 */

export interface DetailPacing {
  quietMs: number;
  maxWaitMs: number;
  minGapMs: number;
  costFactor: number;
}

export const DEFAULT_DETAIL_PACING: DetailPacing = { quietMs: 400, maxWaitMs: 5000, minGapMs: 1000, costFactor: 4 };

export interface DetailWaiting {
  /** When the oldest contact still waiting for its detail arrived. */
  firstPendingAt: number;
  /** When the newest one arrived. */
  lastPendingAt: number;
  /** When the last read ended, and how long it took; undefined before the first read. */
  lastRead?: { endedAt: number; ms: number };
}

/** The earliest time the next read may start. */
export function nextDetailReadAt(w: DetailWaiting, p: DetailPacing = DEFAULT_DETAIL_PACING): number {
  const settled = Math.min(w.lastPendingAt + p.quietMs, w.firstPendingAt + p.maxWaitMs);
  if (!w.lastRead) return settled;
  const paced = w.lastRead.endedAt + Math.max(p.minGapMs, p.costFactor * w.lastRead.ms);
  return Math.max(settled, paced);
}
