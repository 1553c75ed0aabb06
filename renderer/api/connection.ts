/**
 * Where the admin API is and the token for it. In Electron the preload exposes a bridge
 * (`window.deskphone`); in headless mode the page is opened as `<adminUrl>/#token=…`: the token
 * is taken from the fragment, kept in sessionStorage (this tab only) and wiped from the address
 * bar and history at once, so it never stays in the URL, the history or a log.
 */

export interface Connection {
  baseUrl: string;
  token: string;
}

interface Bridge {
  adminUrl?: string;
  adminToken?: string;
  getConnection?: () => { adminUrl: string; adminToken: string } | Promise<{ adminUrl: string; adminToken: string }>;
}

declare global {
  interface Window {
    deskphone?: Bridge;
  }
}

const STORAGE_KEY = 'deskphone.adminToken';

/** Reads `token=` from a fragment such as `#token=abc` or `#/phones&token=abc`. */
export function tokenFromHash(hash: string): { token?: string; rest: string } {
  const body = hash.replace(/^#/, '');
  const parts = body.split('&');
  let token: string | undefined;
  const rest: string[] = [];
  for (const part of parts) {
    if (part.startsWith('token=')) token = decodeURIComponent(part.slice(6));
    else if (part !== '') rest.push(part);
  }
  return { ...(token ? { token } : {}), rest: rest.join('&') };
}

export async function resolveConnection(): Promise<Connection | { error: string }> {
  const bridge = window.deskphone;
  if (bridge) {
    if (typeof bridge.getConnection === 'function') {
      const c = await bridge.getConnection();
      return { baseUrl: c.adminUrl.replace(/\/$/, ''), token: c.adminToken };
    }
    if (bridge.adminUrl && bridge.adminToken) return { baseUrl: bridge.adminUrl.replace(/\/$/, ''), token: bridge.adminToken };
  }
  const { token, rest } = tokenFromHash(window.location.hash);
  if (token) {
    try {
      sessionStorage.setItem(STORAGE_KEY, token);
    } catch {
      // Storage may be off; the token still works for this page's life.
    }
    // Replace (not push) the entry, so the token is in neither the address bar nor the history.
    window.history.replaceState(null, '', window.location.pathname + window.location.search + (rest ? `#${rest}` : ''));
    return { baseUrl: window.location.origin, token };
  }
  let stored: string | null;
  try {
    stored = sessionStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  if (stored) return { baseUrl: window.location.origin, token: stored };
  return {
    error:
      'This page was opened without its access token. Open the link the app printed when it started (it ends with #token=…), or restart headless mode to get a new one.',
  };
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing to forget
  }
}
