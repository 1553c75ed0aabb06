/**
 * The desktop app's fixed choices, in one place: the device port (the same default as headless
 * mode, so phones set up with either keep working), where the built files are, and the window's
 * web preferences.
 */
import { join } from 'node:path';

export const DEFAULT_DEVICE_PORT = 8080;

/** DESKPHONE_DEVICE_PORT overrides the device port (for a site where 8080 is taken). */
export function devicePortFrom(env: Record<string, string | undefined>): number {
  const raw = env['DESKPHONE_DEVICE_PORT'];
  if (raw === undefined || raw === '') return DEFAULT_DEVICE_PORT;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : DEFAULT_DEVICE_PORT;
}

/** `mainDir` is the folder of dist/electron/main.cjs. */
export function desktopPaths(mainDir: string): { preload: string; rendererDir: string; icon: string } {
  return {
    preload: join(mainDir, 'preload.cjs'),
    rendererDir: join(mainDir, '..', 'renderer'),
    icon: join(mainDir, '..', 'icons', 'icon.png'),
  };
}

/** The window's webPreferences: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preload: string) {
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
    devTools: true,
  } as const;
}
