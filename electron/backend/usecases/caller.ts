/** Who sent a request to a front door (the device listener, plug-and-play): the one caller type. */
export interface Caller {
  ip: string;
  userAgent: string;
  /** The request came over HTTPS. */
  tls?: boolean;
}
