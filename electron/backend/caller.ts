/**
 * Who sent a device request (an HTTP request to the device listener, or a plug-and-play
 * SUBSCRIBE): what the guard, the sightings and the audit log know about it. The address is
 * plain (shared/net/address.ts `plainAddress`: no `::ffff:` prefix).
 */
export interface Caller {
  ip: string;
  userAgent: string;
  /** The request came over HTTPS. */
  tls?: boolean;
}
