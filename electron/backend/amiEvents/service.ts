/**
 * The PBX link as a backend service: one AMI session built from the settings, restarted when the
 * AMI settings change, idle while no AMI user is set. The backend starts with or without a PBX;
 * an unreachable PBX is retried with back-off in the background and never blocks anything.
 */
import type { PbxSettings } from '../../../shared/domain/settings';
import { linkStateSchema, type LinkStateView, type RegistrationsView } from '../../../shared/pbx/views';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { AmiClient } from '../ami/amiClient';
import { AmiSession, type LinkState } from '../ami/amiSession';
import { RegistrationMonitor } from './registrationMonitor';

function linkKey(pbx: PbxSettings): string {
  return JSON.stringify([pbx.amiHost, pbx.amiPort, pbx.amiUser, pbx.amiSecret]);
}

export interface PbxServiceOptions {
  /** Longest wait between reconnection attempts. */
  maxRetryDelayMs?: number;
  deadlineCheckMs?: number;
}

export class PbxService {
  private session: AmiSession | undefined;
  private key = '';
  private link: LinkState = { state: 'not_configured' };
  readonly monitor: RegistrationMonitor;
  private readonly unsubscribe: () => void;
  /** What the last `pbx-link` event said (the state at start needs no event), and whether one is due. */
  private published = JSON.stringify({ link: { state: 'not_configured' }, synced: false });
  private publishDue = false;
  private stopped = false;

  constructor(
    private readonly ctx: Context,
    private readonly options: PbxServiceOptions = {},
  ) {
    this.monitor = new RegistrationMonitor(ctx, () => `the PBX (${this.settings.sipHost})`, {
      ...(options.deadlineCheckMs ? { deadlineCheckMs: options.deadlineCheckMs } : {}),
      onSyncedChange: () => this.linkChanged(),
    });
    this.unsubscribe = ctx.bus.subscribe((event) => {
      if (event.type === 'settings-changed') this.configure();
    });
    this.configure();
  }

  get settings(): PbxSettings {
    return this.ctx.store.state.settings.pbx;
  }

  /** (Re)starts the session when the AMI settings changed. */
  configure(): void {
    const pbx = this.settings;
    const key = pbx.amiUser ? linkKey(pbx) : '';
    if (key === this.key && (this.session || !key)) return;
    this.key = key;
    const old = this.session;
    this.session = undefined;
    this.monitor.detach();
    void old?.stop();
    if (!key) {
      this.setLink({ state: 'not_configured' });
      return;
    }
    const session = new AmiSession(
      { host: pbx.amiHost, port: pbx.amiPort, user: pbx.amiUser, secret: pbx.amiSecret },
      {
        onUp: (client) => this.monitor.attach(client),
        onDown: (error) => {
          this.monitor.detach();
          this.ctx.log.warn('PBX link down', { error: error.message });
        },
        onEvent: (event) => this.monitor.handleEvent(event),
        onState: (state) => {
          if (this.session === session) this.setLink(state);
        },
      },
      { firstDelayMs: 250, maxDelayMs: this.options.maxRetryDelayMs ?? 15_000 },
    );
    this.session = session;
    this.setLink(session.state);
    session.start();
  }

  private setLink(link: LinkState): void {
    this.link = link;
    this.linkChanged();
  }

  /**
   * Publishes a `pbx-link` event once the current turn is over, so that what changes together
   * (the link lost and the monitor unsynced, a new session replacing the old) goes out as one
   * event, and only when it differs from the last one sent.
   */
  private linkChanged(): void {
    if (this.publishDue || this.stopped) return;
    this.publishDue = true;
    queueMicrotask(() => {
      this.publishDue = false;
      if (this.stopped) return;
      // Only the schema's fields go out: nothing else the session might carry (never the secret).
      const link = linkStateSchema.parse(this.link);
      const synced = this.monitor.synced;
      const text = JSON.stringify({ link, synced });
      if (text === this.published) return;
      this.published = text;
      this.ctx.bus.publish({ type: 'pbx-link', link, synced });
    });
  }

  get linkState(): LinkStateView {
    return this.link;
  }

  /** The connected AMI client, or an error saying why there is none. */
  client(): AmiClient {
    const client = this.session?.current;
    if (client) return client;
    const link = this.link;
    if (link.state === 'not_configured') {
      throw new AppError(
        'unavailable',
        'No PBX is set up',
        'Enter the AMI host, port, user and secret in the settings, then test the connection.',
      );
    }
    const why = link.state === 'connecting' && link.lastError ? `: ${link.lastError}` : '';
    throw new AppError(
      'pbx_unreachable',
      `The app is not connected to the PBX${why}`,
      link.state === 'connecting' ? (link.hint ?? 'It keeps retrying in the background.') : undefined,
    );
  }

  registrations(): RegistrationsView {
    return { link: this.link, synced: this.monitor.synced, contacts: this.monitor.view() };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.monitor.stop();
    const session = this.session;
    this.session = undefined;
    await session?.stop();
  }
}

/** The PBX link of a backend, reached through `ctx.services.pbx` (built by `startBackend`). */
export function pbxServiceOf(ctx: Context): PbxService {
  return ctx.services.pbx;
}
