/**
 * The app:// scheme: serves the built renderer (dist/renderer) from disk to the window, with the
 * page's CSP and no caching. Registered as a standard, secure scheme in electron/main.ts, so the
 * page has a stable origin of its own (app://deskphone) that the admin API can trust exactly.
 * Paths are confined to the renderer folder; anything outside it is a 404.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { DESKTOP_APP_HOST, DESKTOP_APP_SCHEME } from '../../shared/api/bridge';
import { parseUrl } from './navigation';

/** The privileges electron/main.ts registers the scheme with (before the app is ready). */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  stream: false,
  bypassCSP: false,
  allowServiceWorkers: false,
} as const;

export const APP_ENTRY_URL = `${DESKTOP_APP_SCHEME}://${DESKTOP_APP_HOST}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeFor(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file an app:// URL names, or undefined when it names none we serve: another host, a path
 * that climbs out of the root, a NUL byte. Paths without an extension are the page's own routes
 * and get index.html.
 */
export function resolveAppPath(url: string, rootDir: string): string | undefined {
  const u = parseUrl(url);
  if (!u || u.protocol !== `${DESKTOP_APP_SCHEME}:` || u.hostname.toLowerCase() !== DESKTOP_APP_HOST || u.port !== '') return undefined;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  if (path.split('/').some((segment) => segment === '..')) return undefined;
  if (path === '' || path === '/' || extname(path) === '') path = '/index.html';
  const root = resolve(rootDir);
  const file = resolve(root, '.' + path);
  if (!file.startsWith(root + sep)) return undefined;
  return file;
}

export type ReadFile = (path: string) => Promise<Uint8Array>;

/** Answers one app:// request: the file with its type and the CSP, or a plain 404. */
export async function serveAppRequest(
  request: { url: string; method: string },
  options: { rootDir: string; csp: string; readFile?: ReadFile },
): Promise<Response> {
  const headers = {
    'Content-Security-Policy': options.csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers });
  const file = resolveAppPath(request.url, options.rootDir);
  if (!file) return new Response('Not found', { status: 404, headers });
  try {
    const body = await (options.readFile ?? readFile)(file);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { ...headers, 'Content-Type': contentTypeFor(file) },
    });
  } catch {
    return new Response('Not found', { status: 404, headers });
  }
}
