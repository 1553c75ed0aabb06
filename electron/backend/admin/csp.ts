/**
 * The Content-Security-Policy for the UI, in one place: the admin listener sends it with the
 * renderer's files in headless mode, and the desktop app sends the same policy with its
 * app:// pages, adding only the loopback admin API to connect-src (desktop/csp.ts).
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // No 'unsafe-inline': the UI's styles are in its CSS file; React's style={} props set CSSOM
  // properties, which style-src does not govern (checked in chromium by test/e2e/csp.test.ts).
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'none'"],
};

/** The policy as a header value; `extra` adds sources to a directive (never removes any). */
export function buildCsp(extra: Readonly<Record<string, readonly string[]>> = {}): string {
  return Object.entries(CSP_DIRECTIVES)
    .map(([name, sources]) => [name, ...sources, ...(extra[name] ?? [])].join(' '))
    .join('; ');
}

export const CSP = buildCsp();
