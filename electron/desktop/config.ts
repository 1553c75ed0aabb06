/**
 * The desktop app's fixed choices, in one place: the device port (the same default as headless
 * mode, so phones set up with either keep working), where the built files are, and the window's
 * web preferences.
 */
import { join } from 'node:path';
import { DEFAULT_DEVICE_HTTPS_PORT, DEFAULT_DEVICE_PORT } from '../common/ports';

export { DEFAULT_DEVICE_HTTPS_PORT, DEFAULT_DEVICE_PORT };

function portFrom(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : fallback;
}

/** DESKPHONE_DEVICE_PORT overrides the device port (for a site where 8080 is taken). */
export function devicePortFrom(env: Record<string, string | undefined>): number {
  return portFrom(env, 'DESKPHONE_DEVICE_PORT', DEFAULT_DEVICE_PORT);
}

/**
 * DESKPHONE_DEVICE_HTTPS_PORT overrides the HTTPS port. It is fixed (not "any free port") because
 * phones keep the https URL they were given across restarts of the app.
 */
export function deviceHttpsPortFrom(env: Record<string, string | undefined>): number {
  return portFrom(env, 'DESKPHONE_DEVICE_HTTPS_PORT', DEFAULT_DEVICE_HTTPS_PORT);
}

/**
 * Where the device listener binds and what address phones are told. Every interface by default;
 * DESKPHONE_DEVICE_HOST binds one address (the end-to-end tests use 127.0.0.1, so nothing they
 * do leaves loopback), and phones are then told that address.
 */
export function deviceListenFrom(env: Record<string, string | undefined>): { host: string; port: number; advertiseHost?: string } {
  const host = env['DESKPHONE_DEVICE_HOST'];
  const port = devicePortFrom(env);
  if (host && /^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return { host, port, advertiseHost: host };
  return { host: '0.0.0.0', port };
}

/** DESKPHONE_USER_DATA moves the app's data folder (a second site profile, or a test's temp folder). */
export function userDataOverride(env: Record<string, string | undefined>): string | undefined {
  const dir = env['DESKPHONE_USER_DATA'];
  return dir && dir.trim() !== '' ? dir : undefined;
}

/** `mainDir` is the folder of dist/electron/main.cjs. */
export function desktopPaths(mainDir: string): { preload: string; rendererDir: string; icon: string } {
  return {
    preload: join(mainDir, 'preload.cjs'),
    rendererDir: join(mainDir, '..', 'renderer'),
    icon: join(mainDir, '..', 'icons', 'icon.png'),
  };
}

/**
 * The window's webPreferences: isolated, sandboxed, no Node in the page. Developer tools only in a
 * development run (`npm start`): an installed app (`app.isPackaged`) has none, so nobody at a site
 * can open a console inside the page that holds the admin token.
 */
export function secureWebPreferences(preload: string, build: { packaged: boolean }) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: !build.packaged,
  } as const;
}
