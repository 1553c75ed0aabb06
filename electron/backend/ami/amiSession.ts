/**
 * A lasting link to the PBX: keeps one AMI connection up, and after Asterisk restarts or the
 * network drops, reconnects with back-off (250 ms doubling, at most 2 s apart during the first
 * minute of an outage, then up to `maxDelayMs`; reset once a connection works). Listeners learn
 * when the link comes up (to take a fresh snapshot) and when it goes down (with the reason).
 */
import { field, type AmiBlock } from '../../../shared/ami/message';
import type { LinkStateView } from '../../../shared/pbx/views';
import { AmiClient, AmiError, type AmiConnectOptions } from './amiClient';

/** The link as the API and the `pbx-link` event show it: no host, user or secret in it. */
export type LinkState = LinkStateView;

export interface AmiSessionHooks {
  onUp?: (client: AmiClient) => void | Promise<void>;
  onDown?: (error: AmiError) => void;
  onEvent?: (event: AmiBlock) => void;
  onState?: (state: LinkState) => void;
}

const SNAPSHOT_RETRY_MS = 500;
const SNAPSHOT_TRIES = 60;

export class AmiSession {
  private client: AmiClient | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopped = false;
  state: LinkState = { state: 'connecting', attempt: 0 };

  constructor(
    private readonly options: AmiConnectOptions,
    private readonly hooks: AmiSessionHooks,
    private readonly retry = { firstDelayMs: 250, maxDelayMs: 15_000 },
  ) {}

  start(): void {
    this.connectSoon(0);
  }

  get current(): AmiClient | undefined {
    return this.client && !this.client.closed ? this.client : undefined;
  }

  private setState(state: LinkState): void {
    this.state = state;
    this.hooks.onState?.(state);
  }

  private connectSoon(delayMs: number, lastError?: AmiError): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.setState({
      state: 'connecting',
      attempt: this.attempt,
      ...(lastError ? { lastError: lastError.message, ...(lastError.hint ? { hint: lastError.hint } : {}) } : {}),
      ...(delayMs > 0 ? { nextRetryAt: new Date(Date.now() + delayMs).toISOString() } : {}),
    });
    this.timer = setTimeout(() => void this.tryConnect(), delayMs);
    this.timer.unref?.();
  }

  /** When the link was last lost (or first tried); a fresh outage is retried briskly. */
  private downSince = Date.now();

  private nextDelay(): number {
    // A PBX restart takes seconds: retry at most every 2 s for the first minute, then back off further.
    const cap = Date.now() - this.downSince < 60_000 ? Math.min(2000, this.retry.maxDelayMs) : this.retry.maxDelayMs;
    const d = Math.min(cap, this.retry.firstDelayMs * 2 ** Math.min(this.attempt, 16));
    this.attempt++;
    return d;
  }

  private async tryConnect(): Promise<void> {
    if (this.stopped) return;
    let client: AmiClient;
    try {
      client = await AmiClient.connect(this.options);
    } catch (error) {
      const e = error instanceof AmiError ? error : new AmiError('unreachable', (error as Error).message);
      this.connectSoon(this.nextDelay(), e);
      return;
    }
    if (this.stopped) {
      await client.close();
      return;
    }
    this.client = client;
    this.attempt = 0;
    client.onEvent((event) => this.hooks.onEvent?.(event));
    client.onClose((error) => {
      if (this.client === client) this.client = undefined;
      this.downSince = Date.now();
      if (this.stopped) return;
      this.hooks.onDown?.(error);
      this.connectSoon(this.nextDelay(), error);
    });
    const version = await this.asteriskVersion(client);
    if (this.stopped || this.client !== client) return;
    this.setState({ state: 'connected', since: new Date().toISOString(), version });
    await this.snapshot(client, 0);
  }

  /** Asterisk's own version (22.x); the greeting gives only the AMI protocol's (11.0.0), kept when the user may not read it. */
  private async asteriskVersion(client: AmiClient): Promise<string> {
    try {
      return field(await client.action('CoreSettings', {}, 3000), 'AsteriskVersion') ?? client.version;
    } catch {
      return client.version;
    }
  }

  /**
   * Reads the PBX's state on a new link. Right after Asterisk starts, AMI can accept a login before
   * PJSIP answers its actions: a failed snapshot is tried again every half second while the link
   * stays up, instead of leaving the app unsynced until the next reconnect.
   */
  private async snapshot(client: AmiClient, tries: number): Promise<void> {
    try {
      await this.hooks.onUp?.(client);
    } catch {
      if (this.stopped || this.client !== client || tries >= SNAPSHOT_TRIES) return;
      this.timer = setTimeout(() => void this.snapshot(client, tries + 1), SNAPSHOT_RETRY_MS);
      this.timer.unref?.();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.close();
    this.setState({ state: 'stopped' });
  }
}
