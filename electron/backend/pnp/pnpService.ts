/**
 * Runs the plug-and-play listener while the settings ask for it: plugAndPlay on and a LAN
 * interface picked. Started, moved or stopped when the settings change; never sweeps anything.
 * Each SUBSCRIBE is answered by answerPnp (pnpAnswer.ts): the device listener's door, then the RPS's rules.
 */
import type { Context } from '../context';
import { findLanInterface } from '../discovery/interfaces';
import { answerPnp } from './pnpAnswer';
import { startPnpListener, type PnpListener } from '../discovery/pnpListener';

export interface PnpStatus {
  running: boolean;
  interface: string;
  address: string;
  /** Why it is not running, when it should be. */
  problem: string;
}

export class PnpService {
  private listener: PnpListener | undefined;
  private current = '';
  private chain: Promise<void> = Promise.resolve();
  status: PnpStatus = { running: false, interface: '', address: '', problem: '' };

  constructor(
    private readonly ctx: Context,
    private readonly port?: number,
  ) {}

  /** Brings the listener in line with the settings. Serialised: calls queue up. */
  sync(): Promise<void> {
    this.chain = this.chain.then(() => this.apply()).catch(() => undefined);
    return this.chain;
  }

  private async apply(): Promise<void> {
    const { plugAndPlay, lanInterface } = this.ctx.store.state.settings;
    const iface = plugAndPlay && lanInterface ? await findLanInterface(lanInterface) : undefined;
    const want = iface ? `${iface.name}/${iface.address}` : '';
    if (want === this.current && (this.listener || !want)) return;
    await this.listener?.stop();
    this.listener = undefined;
    this.current = want;
    this.status = { running: false, interface: lanInterface, address: iface?.address ?? '', problem: '' };
    if (!plugAndPlay || !lanInterface) return;
    if (!iface) {
      this.status.problem = `Interface ${lanInterface} has no IPv4 address now: plug-and-play is waiting for it.`;
      return;
    }
    try {
      this.listener = await startPnpListener({
        interfaceAddress: iface.address,
        // The device listener's door, then the RPS's rules (pnpAnswer.ts).
        answer: (sub, from) => answerPnp(this.ctx, sub, from),
        onError: (message) => this.ctx.log.warn('plug-and-play listener', { message }),
        ...(this.port !== undefined ? { port: this.port } : {}),
      });
      this.status.running = true;
      this.ctx.log.info('plug-and-play listening', { interface: iface.name, address: iface.address });
    } catch (error) {
      this.current = '';
      this.status.problem = `Could not listen for plug-and-play on ${iface.name} (${(error as Error).message}). Another SIP program may hold port 5060.`;
      this.ctx.log.warn('plug-and-play listener did not start', { interface: iface.name, error: (error as Error).message });
    }
  }

  stats() {
    return this.listener?.stats;
  }

  async stop(): Promise<void> {
    await this.chain;
    await this.listener?.stop();
    this.listener = undefined;
    this.current = '';
    this.status = { ...this.status, running: false };
  }
}
