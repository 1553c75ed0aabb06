/**
 * The desktop bridge: what the Electron preload exposes to the renderer as `window.deskphone`.
 * It is deliberately small. The renderer does all its work through the typed admin API
 * (contract.ts) over loopback HTTP; the bridge only tells it where that API is and which token
 * opens it, plus the first-run firewall explanation. There is no generic invoke and no raw IPC:
 * each member maps to one fixed channel, and every answer is checked with the schemas below.
 * In headless mode there is no bridge (`window.deskphone` is undefined).
 */
import { z } from 'zod';

/** The renderer's origin inside the desktop app (a privileged custom scheme, see DECISIONS.md). */
export const DESKTOP_APP_SCHEME = 'app';
export const DESKTOP_APP_HOST = 'deskphone';
export const DESKTOP_APP_ORIGIN = `${DESKTOP_APP_SCHEME}://${DESKTOP_APP_HOST}`;

/** Where the admin API is: pass to createApiClient as `{ baseUrl: adminUrl, token: adminToken }`. */
export const desktopConnectionSchema = z.object({
  adminUrl: z.string().regex(/^http:\/\/127\.0\.0\.1:\d{1,5}$/, 'the admin API is on loopback'),
  adminToken: z.string().min(16).max(256),
});
export type DesktopConnection = z.infer<typeof desktopConnectionSchema>;

/** What the first-run screen shows: why the OS firewall asks, and what phones will be told. */
export const firstRunInfoSchema = z.object({
  /** True until the technician has acknowledged the explanation for this port. */
  show: z.boolean(),
  /** Address and port phones reach the device-facing server on. */
  deviceAddress: z.string(),
  devicePort: z.number().int().min(1).max(65535),
  deviceBaseUrl: z.string(),
  rpsUrl: z.string(),
  /** Whether this platform's firewall usually asks (Windows, macOS) or must be opened by hand. */
  firewall: z.enum(['prompts', 'manual']),
  title: z.string(),
  /** Paragraphs, plain text, in order. */
  paragraphs: z.array(z.string()),
});
export type FirstRunInfo = z.infer<typeof firstRunInfoSchema>;

export const okReplySchema = z.object({ ok: z.literal(true) });

export const DESKTOP_PLATFORMS = ['win32', 'darwin', 'linux'] as const;
export type DesktopPlatform = (typeof DESKTOP_PLATFORMS)[number];

/** `window.deskphone` in the desktop app. */
export interface DeskphoneBridge {
  readonly platform: DesktopPlatform;
  readonly version: string;
  getConnection(): Promise<DesktopConnection>;
  getFirstRun(): Promise<FirstRunInfo>;
  acknowledgeFirstRun(): Promise<{ ok: true }>;
}

/** The bridge's members, in one list: tests hold the preload's object to exactly these. */
export const BRIDGE_KEYS = ['platform', 'version', 'getConnection', 'getFirstRun', 'acknowledgeFirstRun'] as const;

/** One IPC channel per bridge method, each answered by exactly one handler in the main process. */
export const BRIDGE_CHANNELS = {
  getConnection: 'deskphone:get-connection',
  getFirstRun: 'deskphone:get-first-run',
  acknowledgeFirstRun: 'deskphone:acknowledge-first-run',
} as const satisfies { [K in keyof DeskphoneBridge as DeskphoneBridge[K] extends () => unknown ? K : never]: string };
export type BridgeChannel = (typeof BRIDGE_CHANNELS)[keyof typeof BRIDGE_CHANNELS];

/** What each channel answers, checked in the preload before the renderer sees it. */
export const BRIDGE_REPLIES = {
  [BRIDGE_CHANNELS.getConnection]: desktopConnectionSchema,
  [BRIDGE_CHANNELS.getFirstRun]: firstRunInfoSchema,
  [BRIDGE_CHANNELS.acknowledgeFirstRun]: okReplySchema,
} as const;
