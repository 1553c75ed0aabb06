/** The platform's app-data folder, where the store lives unless `--data` says otherwise. */
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER = 'Deskphone Provisioner';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  switch (platform()) {
    case 'win32':
      return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
    default:
      return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), APP_FOLDER);
  }
}
