/**
 * The preload's bridge object, built from shared/api/bridge.ts. The preload passes in Electron's
 * `ipcRenderer.invoke`; this module never sees the IPC object itself, so the renderer gets only
 * these named methods, each bound to one fixed channel, and every answer is checked with zod
 * before it is handed over.
 */
import {
  BRIDGE_CHANNELS,
  BRIDGE_REPLIES,
  DESKTOP_PLATFORMS,
  type BridgeChannel,
  type DeskphoneBridge,
  type DesktopPlatform,
} from '../../shared/api/bridge';

export type BridgeInvoke = (channel: BridgeChannel) => Promise<unknown>;

export class BridgeReplyError extends Error {}

function toPlatform(value: string): DesktopPlatform {
  return (DESKTOP_PLATFORMS as readonly string[]).includes(value) ? (value as DesktopPlatform) : 'linux';
}

async function call<C extends BridgeChannel>(invoke: BridgeInvoke, channel: C) {
  const reply = await invoke(channel);
  const parsed = BRIDGE_REPLIES[channel].safeParse(reply);
  if (!parsed.success) throw new BridgeReplyError(`The desktop app answered ${channel} with something unexpected`);
  return parsed.data;
}

export function createBridge(invoke: BridgeInvoke, info: { platform: string; version: string }): DeskphoneBridge {
  const bridge: DeskphoneBridge = {
    platform: toPlatform(info.platform),
    version: info.version,
    getConnection: () => call(invoke, BRIDGE_CHANNELS.getConnection) as ReturnType<DeskphoneBridge['getConnection']>,
    getFirstRun: () => call(invoke, BRIDGE_CHANNELS.getFirstRun) as ReturnType<DeskphoneBridge['getFirstRun']>,
    acknowledgeFirstRun: () => call(invoke, BRIDGE_CHANNELS.acknowledgeFirstRun) as ReturnType<DeskphoneBridge['acknowledgeFirstRun']>,
  };
  return Object.freeze(bridge);
}
