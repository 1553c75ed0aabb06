/**
 * Timestamps for the device hot path. A busy provisioning server stamps several records per
 * request (timeline, sighting, audit); within one millisecond they share one ISO string instead
 * of formatting a new one each time.
 */
let cachedMs = Number.NaN;
let cachedIso = '';

/** `new Date(ms).toISOString()`, formatted once per distinct millisecond. */
export function isoAt(ms: number): string {
  if (ms !== cachedMs) {
    cachedMs = ms;
    cachedIso = new Date(ms).toISOString();
  }
  return cachedIso;
}
