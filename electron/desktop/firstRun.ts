/**
 * The first-run explanation of the firewall prompt. Phones on the LAN fetch their files from the
 * device-facing listener, so the OS firewall asks (Windows, macOS) whether the app may accept
 * connections; this says why, what to answer, and which address and port phones will use. It is
 * shown until the technician acknowledges it for the current port, and always available to the
 * UI through the bridge (show: false once acknowledged).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../backend/store/atomicFile';
import { join } from 'node:path';
import { z } from 'zod';
import type { FirstRunInfo } from '../../shared/api/bridge';

export const FIRST_RUN_FILE = 'first-run.json';

const stateSchema = z.object({ firewallAcknowledgedPort: z.number().int().min(1).max(65535).optional() });
export type FirstRunState = z.infer<typeof stateSchema>;

export function firewallKind(platform: string): FirstRunInfo['firewall'] {
  return platform === 'win32' || platform === 'darwin' ? 'prompts' : 'manual';
}

function firewallAdvice(platform: string, port: number): string[] {
  switch (platform) {
    case 'win32':
      return [
        'Windows Defender Firewall is about to ask whether Deskphone Provisioner may communicate on networks. Tick "Private networks" and choose "Allow access".',
        'If you chose Cancel, phones cannot reach this computer. Open Windows Security > Firewall & network protection > Allow an app through firewall, and tick Deskphone Provisioner for Private.',
      ];
    case 'darwin':
      return [
        'macOS is about to ask whether "Deskphone Provisioner" may accept incoming network connections. Choose "Allow".',
        'If you chose "Deny", open System Settings > Network > Firewall > Options and set Deskphone Provisioner to "Allow incoming connections".',
      ];
    default:
      return [
        `Linux does not ask. If a firewall is on (ufw, firewalld), let phones in on TCP port ${port}: "sudo ufw allow ${port}/tcp" or "sudo firewall-cmd --add-port=${port}/tcp".`,
      ];
  }
}

/** The explanation for this platform and these URLs (the backend's own deviceBaseUrl and rpsUrl). */
export function buildFirstRunInfo(input: { platform: string; deviceBaseUrl: string; rpsUrl: string; state: FirstRunState }): FirstRunInfo {
  const u = new URL(input.deviceBaseUrl);
  const port = Number(u.port || '80');
  const address = u.hostname.replace(/^\[|\]$/g, '');
  const loopbackOnly = address === '127.0.0.1' || address === '::1' || address === 'localhost';
  const paragraphs = [
    `Phones on your LAN fetch their settings from this computer at ${input.deviceBaseUrl} (address ${address}, TCP port ${port}). The app listens on that port for phones only: it serves provisioning files and nothing else. Its own controls stay on this computer, behind a token.`,
    ...firewallAdvice(input.platform, port),
  ];
  if (loopbackOnly)
    paragraphs.push(
      'This computer has no LAN address yet, so phones cannot reach it. Connect it to the phones\u2019 network and restart the app; the address phones use will show here.',
    );
  return {
    show: input.state.firewallAcknowledgedPort !== port,
    deviceAddress: address,
    devicePort: port,
    deviceBaseUrl: input.deviceBaseUrl,
    rpsUrl: input.rpsUrl,
    firewall: firewallKind(input.platform),
    title: 'Let phones reach this computer',
    paragraphs,
  };
}

export async function loadFirstRunState(dataDir: string): Promise<FirstRunState> {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(await readFile(join(dataDir, FIRST_RUN_FILE), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export async function acknowledgeFirstRun(dataDir: string, port: number): Promise<FirstRunState> {
  const state: FirstRunState = { firewallAcknowledgedPort: port };
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, FIRST_RUN_FILE);
  // Whole or not at all, and no temp file left by a full disk (store/atomicFile.ts).
  await writeFileAtomic(path, JSON.stringify(state) + '\n', { mode: 0o644 });
  return state;
}

/** The same text as a native message box, for the main process to show before the UI can. */
export function firstRunDialog(info: FirstRunInfo): { title: string; message: string; detail: string; buttons: string[] } {
  return { title: info.title, message: info.title, detail: info.paragraphs.join('\n\n'), buttons: ['OK'] };
}
