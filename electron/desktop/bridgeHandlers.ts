/**
 * The main process's side of the bridge: one handler per channel in BRIDGE_CHANNELS, and each
 * answers only a frame showing the app's own page (app://deskphone). A page that somehow got
 * into a window (it should not: navigation is locked, see navigation.ts) gets no token.
 */
import { BRIDGE_CHANNELS, type BridgeChannel, type DesktopConnection, type FirstRunInfo } from '../../shared/api/bridge';
import { isAppUrl } from './navigation';

export interface BridgeDeps {
  connection(): DesktopConnection;
  firstRun(): Promise<FirstRunInfo>;
  acknowledgeFirstRun(): Promise<void>;
}

export class BridgeRefused extends Error {}

export type BridgeHandler = (senderUrl: string | undefined) => Promise<unknown>;

export function bridgeHandlers(deps: BridgeDeps): Record<BridgeChannel, BridgeHandler> {
  const guarded =
    (fn: () => Promise<unknown>): BridgeHandler =>
    async (senderUrl) => {
      if (!senderUrl || !isAppUrl(senderUrl)) throw new BridgeRefused('This page may not use the desktop bridge');
      return fn();
    };
  return {
    [BRIDGE_CHANNELS.getConnection]: guarded(async () => deps.connection()),
    [BRIDGE_CHANNELS.getFirstRun]: guarded(() => deps.firstRun()),
    [BRIDGE_CHANNELS.acknowledgeFirstRun]: guarded(async () => {
      await deps.acknowledgeFirstRun();
      return { ok: true as const };
    }),
  };
}
