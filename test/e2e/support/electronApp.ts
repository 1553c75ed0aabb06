/**
 * Finding and launching the desktop app for the Electron end-to-end tests. The binary is looked
 * up the way the electron package does it, without its fallback of downloading it on first run
 * (which here would hang on the network and fail); electron 45 does not download it during
 * `npm ci`, `npx install-electron` does. DESKPHONE_PACKAGED_APP points at a packaged app's
 * executable (for example release/linux-unpacked/deskphone-provisioner) to test that instead of
 * the built dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

export type Launchable = { executablePath: string; args: string[]; packaged: boolean } | { reason: string };

const CI_NOTE =
  ' CI=true does not make this a failure: Electron cannot be installed on this project\u2019s CI machines (no internet access), unlike the lab, which CI provides. Run these tests on a machine that can download Electron (`npx install-electron`).';

export function findDesktopApp(env: Record<string, string | undefined> = process.env): Launchable {
  const ci = env['CI'] === 'true' ? CI_NOTE : '';
  const packaged = env['DESKPHONE_PACKAGED_APP'];
  if (packaged) {
    if (!existsSync(packaged)) return { reason: `DESKPHONE_PACKAGED_APP=${packaged} does not exist.` };
    return { executablePath: packaged, args: [], packaged: true };
  }
  const dir = join(ROOT, 'node_modules', 'electron');
  if (!existsSync(join(dir, 'package.json'))) return { reason: `the electron package is not installed.${ci}` };
  const pathFile = join(dir, 'path.txt');
  const exe = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  const full = override ? join(override, exe ?? 'electron') : exe ? join(dir, 'dist', exe) : undefined;
  if (!full || !existsSync(full))
    return {
      reason:
        'the Electron binary is not installed: electron 45 downloads it from GitHub on first run or with `npx install-electron`, and it is not here (node_modules/electron/' +
        (exe ? `dist/${exe}` : 'path.txt') +
        ' is missing).' +
        ci,
    };
  if (process.platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'])
    return { reason: `Electron needs a display on Linux: run the e2e suite under xvfb-run.${ci}` };
  return { executablePath: full, args: [ROOT], packaged: false };
}
