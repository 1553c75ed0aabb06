/**
 * Where phones are told to register: a loopback address (127.x, localhost, ::1) is the phone
 * itself, so a phone on the LAN would try to register with itself. Refused when phones are on the
 * LAN; only virtual phones on this computer can use it.
 */

export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return /^127(\.\d{1,3}){0,3}$/.test(h) || h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0:0:0:0:0:0:0:1';
}

export interface SipHostProblem {
  /** 'error': refuse to save; 'warning': save, but say what it means. */
  level: 'error' | 'warning';
  message: string;
}

/**
 * @param phonesOnLan a LAN interface is picked, or a phone was seen from a LAN address
 */
export function sipHostProblem(host: string, phonesOnLan: boolean): SipHostProblem | undefined {
  const h = host.trim();
  if (h === '')
    return {
      level: 'warning',
      message: 'Not set yet: new accounts need it. Enter the address phones register with: the PBX as the phones on the LAN reach it.',
    };
  if (!isLoopbackHost(h)) return undefined;
  const why = `${h} is a loopback address: each phone would try to register with itself, not with the PBX.`;
  return phonesOnLan
    ? { level: 'error', message: `${why} Phones are on the LAN: enter the PBX's LAN address (for example 192.168.1.10).` }
    : { level: 'warning', message: `${why} Only virtual phones on this computer can use it; for real phones enter the PBX's LAN address.` };
}
