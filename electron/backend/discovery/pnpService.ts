/**
 * Runs the plug-and-play listener while the settings ask for it: plugAndPlay on and a LAN
 * interface picked. Started, moved or stopped when the settings change; never sweeps anything.
 */
import type { RemoteInfo } from 'node:dgram';
import type { PnpSubscribe } from '../../../shared/discovery/pnp';
import { vendorOfMac } from '../../../shared/discovery/vendor';
import type { Context } from '../context';
import { AppError } from '../errors';
import { redirectFor } from '../usecases/rps';
import { findLanInterface } from './interfaces';
import { startPnpListener, type PnpListener } from './pnpListener';

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

  /** The answer to one SUBSCRIBE: the same redirect rules as the RPS. */
  private async answer(sub: PnpSubscribe, from: RemoteInfo): Promise<string | null> {
    try {
      const redirect = await redirectFor(
        this.ctx,
        { mac: sub.mac, model: sub.model, firmware: sub.firmware, vendor: sub.vendor || vendorOfMac(sub.mac)?.name || '', via: 'pnp' },
        { ip: from.address, userAgent: '' },
      );
      return redirect.provisioningUrl;
    } catch (error) {
      if (error instanceof AppError) return null; // not assigned yet: recorded, no answer
      throw error;
    }
  }

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
        answer: (sub, from) => this.answer(sub, from),
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

const services = new WeakMap<Context, PnpService>();

export function registerPnpService(ctx: Context, service: PnpService): void {
  services.set(ctx, service);
}

export function pnpServiceOf(ctx: Context): PnpService | undefined {
  return services.get(ctx);
}
