/**
 * What the app's window may load, open and be granted. The window shows only the app's own page
 * (app://deskphone/...). Links to a web address (a phone's own web page, say) open in the
 * system browser; anything else is refused. Permissions: none, except the loopback access the
 * page needs to reach the app's own admin API (Chromium's Local Network Access).
 */
import { DESKTOP_APP_HOST, DESKTOP_APP_ORIGIN, DESKTOP_APP_SCHEME } from '../../shared/api/bridge';

export { DESKTOP_APP_ORIGIN };

export function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True for the app's own pages: exactly app://deskphone, no credentials, no port. */
export function isAppUrl(url: string): boolean {
  const u = parseUrl(url);
  return (
    u !== undefined &&
    u.protocol === `${DESKTOP_APP_SCHEME}:` &&
    u.hostname.toLowerCase() === DESKTOP_APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/** `will-navigate` / `will-redirect`: stay on the app's pages. */
export function mayNavigate(url: string): boolean {
  return isAppUrl(url);
}

export type WindowOpenDecision = { action: 'deny'; openExternal?: string };

/**
 * `setWindowOpenHandler`: never a new Electron window. A plain web link goes to the system
 * browser; file:, javascript:, custom schemes and the app's own pages open nothing.
 */
export function decideWindowOpen(url: string): WindowOpenDecision {
  const u = parseUrl(url);
  if (u && (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '') {
    return { action: 'deny', openExternal: u.toString() };
  }
  return { action: 'deny' };
}

const LOOPBACK_PERMISSIONS = new Set(['local-network-access', 'loopback-network']);

/** Permission requests and checks: only loopback access, and only for the app's own page. */
export function mayGrantPermission(permission: string, requestingUrl: string | undefined): boolean {
  return LOOPBACK_PERMISSIONS.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl);
}

/** `will-attach-webview`: the app has no webviews, so none may be attached. */
export function mayAttachWebview(): boolean {
  return false;
}
