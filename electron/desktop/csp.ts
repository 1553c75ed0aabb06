/**
 * The desktop page's Content-Security-Policy: the admin listener's policy (backend/admin/csp.ts),
 * with the loopback admin API added to connect-src because the page is on app://deskphone and the
 * API on http://127.0.0.1:<port>. Nothing else is loosened.
 */
import { buildCsp } from '../backend/admin/csp';

export function desktopCsp(adminUrl: string): string {
  const u = new URL(adminUrl);
  if (u.protocol !== 'http:' || u.hostname !== '127.0.0.1') throw new Error(`the admin API must be on loopback, not ${adminUrl}`);
  return buildCsp({ 'connect-src': [u.origin] });
}
