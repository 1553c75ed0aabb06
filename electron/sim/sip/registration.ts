/**
 * One SIP line of a virtual phone, registering for real over UDP the way deskphone firmware does:
 * REGISTER, answer the digest challenge (SHA-256 or MD5, whichever the server offers and we
 * prefer), retransmit on loss (RFC 3261 timer A/F: T1 doubling up to T2, give up after 64*T1),
 * refresh before the binding expires, answer OPTIONS pings and NOTIFY check-sync, and un-register
 * (Expires: 0) on close. A refused registration reports the SIP status it got.
 */
import { createSocket, type Socket } from 'node:dgram';
import { digestAuthorization, parseChallenge, pickChallenge, type DigestAlgorithm, type DigestChallenge } from '../../../shared/sip/digest';
import {
  buildRequest,
  buildResponse,
  header,
  headerAll,
  headerParams,
  parseSipMessage,
  type SipMessage,
} from '../../../shared/sip/message';
import { hashHex, randomToken } from '../../common/hash';
import { CallAnswerer, type AnswerMode, type CallRecord } from './answer';

export interface SipLine {
  userName: string;
  authName?: string;
  password: string;
  server: string;
  port: number;
  expires: number;
  displayName?: string;
}

export interface SipUaOptions {
  userAgent: string;
  /** Address the UDP socket binds to and puts into Via and Contact. */
  localAddress?: string;
  algorithms?: readonly DigestAlgorithm[];
  /** RFC 3261 T1 (default 500 ms); the transaction gives up after 64*T1. */
  t1Ms?: number;
  /** Called when the server sends NOTIFY (e.g. `check-sync` to re-fetch the configuration). */
  onNotify?: (event: string) => void;
  /** Called after each refresh attempt. */
  onRefresh?: (outcome: RegisterOutcome) => void;
  /** How the phone takes calls (electron/sim/sip/answer.ts); without it an INVITE gets 480. */
  answer?: AnswerMode;
  onCall?: (call: CallRecord) => void;
}

export type RegisterOutcome =
  | { ok: true; status: number; expires: number; contact: string; algorithm?: DigestAlgorithm }
  | { ok: false; status?: number; reason: string };

type Response = Extract<SipMessage, { kind: 'response' }>;

interface Pending {
  branch: string;
  resolve: (response: Response | undefined) => void;
}

export class SipRegistration {
  private socket: Socket | undefined;
  private localPort = 0;
  private readonly callId = `${randomToken(10)}@sim.invalid`;
  private readonly fromTag = randomToken(6);
  private cseq = Math.floor(Math.random() * 1000) + 1;
  private pending: Pending | undefined;
  private challenge: (DigestChallenge & { algorithm: DigestAlgorithm }) | undefined;
  private nc = 0;
  private refreshTimer: NodeJS.Timeout | undefined;
  private busy: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Seconds granted by the server, or 0 when not registered. */
  expires = 0;
  lastOutcome: RegisterOutcome | undefined;
  /** Takes calls when the options set an answer mode. */
  readonly calls: CallAnswerer | undefined;

  constructor(
    readonly line: SipLine,
    private readonly options: SipUaOptions,
  ) {
    if (options.answer) {
      this.calls = new CallAnswerer(options.answer, {
        send: (text) => this.send(text),
        contact: () => this.contact,
        localAddress: this.localAddress,
        userAgent: options.userAgent,
        ...(options.t1Ms ? { t1Ms: options.t1Ms } : {}),
        ...(options.onCall ? { onCall: options.onCall } : {}),
      });
    }
  }

  private get localAddress(): string {
    return this.options.localAddress ?? '127.0.0.1';
  }

  get registered(): boolean {
    return this.expires > 0;
  }

  get contact(): string {
    return `<sip:${this.line.userName}@${this.localAddress}:${this.localPort}>`;
  }

  private async open(): Promise<Socket> {
    if (this.socket) return this.socket;
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, this.localAddress, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => undefined);
    socket.on('message', (data) => this.receive(data.toString('utf8')));
    this.localPort = socket.address().port;
    this.socket = socket;
    return socket;
  }

  private receive(text: string): void {
    let message: SipMessage;
    try {
      message = parseSipMessage(text);
    } catch {
      return; // Not SIP: a real phone drops it too.
    }
    if (message.kind === 'response') {
      const branch = headerParams(headerAll(message.headers, 'via')[0] ?? '').get('branch');
      if (this.pending && branch === this.pending.branch && message.status >= 200) {
        const p = this.pending;
        this.pending = undefined;
        p.resolve(message);
      }
      return;
    }
    if (this.calls?.handle(message)) return;
    const answer = (status: number, reason: string, extra: [string, string][] = []) =>
      this.send(buildResponse(message, status, reason, [['User-Agent', this.options.userAgent], ...extra], randomToken(4)));
    switch (message.method) {
      case 'OPTIONS':
        answer(200, 'OK', [
          ['Allow', 'INVITE, ACK, CANCEL, BYE, NOTIFY, OPTIONS'],
          ['Accept', 'application/sdp'],
        ]);
        break;
      case 'NOTIFY':
        answer(200, 'OK');
        this.options.onNotify?.(header(message.headers, 'event') ?? '');
        break;
      case 'ACK':
        break;
      case 'INVITE':
        answer(480, 'Temporarily Unavailable');
        break;
      default:
        answer(405, 'Method Not Allowed', [['Allow', 'INVITE, ACK, CANCEL, BYE, NOTIFY, OPTIONS']]);
    }
  }

  private send(text: string): void {
    this.socket?.send(text, this.line.port, this.line.server);
  }

  /** One non-INVITE client transaction with retransmissions; undefined on timeout. */
  private transaction(build: (branch: string) => string): Promise<Response | undefined> {
    const t1 = this.options.t1Ms ?? 500;
    const t2 = Math.max(t1, 4000 * (t1 / 500));
    const branch = `z9hG4bK${randomToken(8)}`;
    const text = build(branch);
    return new Promise((resolve) => {
      let interval = t1;
      let timer: NodeJS.Timeout;
      const giveUp = setTimeout(() => finish(undefined), 64 * t1);
      const finish = (response: Response | undefined) => {
        clearTimeout(timer);
        clearTimeout(giveUp);
        if (this.pending?.branch === branch) this.pending = undefined;
        resolve(response);
      };
      this.pending = { branch, resolve: finish };
      const fire = () => {
        this.send(text);
        timer = setTimeout(fire, interval);
        interval = Math.min(interval * 2, t2);
      };
      fire();
    });
  }

  private registerRequest(branch: string, expires: number, authorization?: string): string {
    const { userName, server, port, displayName } = this.line;
    const hostPort = port === 5060 ? server : `${server}:${port}`;
    const aor = `sip:${userName}@${hostPort}`;
    return buildRequest({
      method: 'REGISTER',
      uri: `sip:${hostPort}`,
      headers: [
        ['Via', `SIP/2.0/UDP ${this.localAddress}:${this.localPort};rport;branch=${branch}`],
        ['Max-Forwards', '70'],
        ['From', `${displayName ? `"${displayName.replace(/["\\]/g, '')}" ` : ''}<${aor}>;tag=${this.fromTag}`],
        ['To', `<${aor}>`],
        ['Call-ID', this.callId],
        ['CSeq', `${this.cseq++} REGISTER`],
        ['Contact', this.contact],
        ['Expires', String(expires)],
        ['Allow', 'INVITE, ACK, CANCEL, BYE, NOTIFY, OPTIONS'],
        ['User-Agent', this.options.userAgent],
        ...(authorization ? ([['Authorization', authorization]] as [string, string][]) : []),
      ],
    });
  }

  private authorize(): string | undefined {
    if (!this.challenge) return undefined;
    const hostPort = this.line.port === 5060 ? this.line.server : `${this.line.server}:${this.line.port}`;
    return digestAuthorization(
      {
        challenge: this.challenge,
        username: this.line.authName || this.line.userName,
        password: this.line.password,
        method: 'REGISTER',
        uri: `sip:${hostPort}`,
        cnonce: randomToken(8),
        nc: ++this.nc,
      },
      hashHex,
    );
  }

  /**
   * REGISTER with `expires` seconds (0 un-registers). A challenge cached from the last exchange is
   * answered right away (as phones do); a 401 then gets one retry with the fresh challenge, and a
   * fresh answer refused again (not stale) means the credentials are wrong.
   */
  private async exchange(expires: number): Promise<RegisterOutcome> {
    await this.open();
    let fresh = false;
    let wanted = expires;
    for (let attempt = 0; attempt < 5; attempt++) {
      const sentFresh = fresh && this.challenge !== undefined;
      const response = await this.transaction((branch) => this.registerRequest(branch, wanted, this.authorize()));
      if (!response) {
        return { ok: false, reason: `no answer from ${this.line.server}:${this.line.port} (timed out after retransmissions)` };
      }
      if (response.status === 401 || response.status === 407) {
        const offered = headerAll(response.headers, response.status === 401 ? 'www-authenticate' : 'proxy-authenticate')
          .map(parseChallenge)
          .filter((c): c is DigestChallenge => c !== undefined);
        const picked = pickChallenge(offered, this.options.algorithms);
        if (!picked) {
          return {
            ok: false,
            status: response.status,
            reason: `${response.status} ${response.reason}: the server offers digest ${offered.map((c) => c.algorithm).join(', ') || 'none'}, which this phone does not support`,
          };
        }
        if (sentFresh && !picked.stale) {
          this.challenge = undefined;
          return { ok: false, status: response.status, reason: `${response.status} ${response.reason}: credentials refused` };
        }
        this.challenge = picked;
        this.nc = 0;
        fresh = true;
        continue;
      }
      if (response.status === 423) {
        const min = Number(header(response.headers, 'min-expires'));
        if (Number.isInteger(min) && min > wanted) {
          wanted = min;
          continue;
        }
      }
      if (response.status >= 200 && response.status < 300) {
        const granted = this.grantedExpires(response, wanted);
        return {
          ok: true,
          status: response.status,
          expires: granted,
          contact: this.contact,
          ...(this.challenge ? { algorithm: this.challenge.algorithm } : {}),
        };
      }
      return { ok: false, status: response.status, reason: `${response.status} ${response.reason}` };
    }
    return { ok: false, reason: 'the server kept challenging; giving up' };
  }

  private grantedExpires(response: Response, wanted: number): number {
    if (wanted === 0) return 0;
    const mine = `${this.localAddress}:${this.localPort}`;
    for (const c of headerAll(response.headers, 'contact')) {
      if (c.includes(mine)) {
        const e = Number(headerParams(c).get('expires'));
        if (Number.isInteger(e)) return e;
      }
    }
    const e = Number(header(response.headers, 'expires'));
    return Number.isInteger(e) ? e : wanted;
  }

  private serialize<T>(job: () => Promise<T>): Promise<T> {
    const run = this.busy.then(job, job);
    this.busy = run.catch(() => undefined);
    return run;
  }

  /** Registers and keeps the registration refreshed until `close()`. */
  register(): Promise<RegisterOutcome> {
    return this.serialize(async () => {
      if (this.closed) return { ok: false, reason: 'closed' } as RegisterOutcome;
      const outcome = await this.exchange(this.line.expires);
      this.lastOutcome = outcome;
      this.expires = outcome.ok ? outcome.expires : 0;
      this.scheduleRefresh(outcome);
      return outcome;
    });
  }

  private scheduleRefresh(outcome: RegisterOutcome): void {
    clearTimeout(this.refreshTimer);
    if (this.closed) return;
    // Refresh at 85% of the granted time; after a failure, try again in a while like firmware does.
    const delay = outcome.ok ? Math.max(1, Math.floor(outcome.expires * 0.85)) * 1000 : 30_000;
    this.refreshTimer = setTimeout(() => {
      void this.register().then((o) => this.options.onRefresh?.(o));
    }, delay);
  }

  /** Removes the binding (Expires: 0). */
  unregister(): Promise<RegisterOutcome> {
    return this.serialize(async () => {
      clearTimeout(this.refreshTimer);
      const outcome = await this.exchange(0);
      this.expires = 0;
      return outcome;
    });
  }

  /** Un-registers when registered, then frees the socket. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.refreshTimer);
    if (this.registered) await this.unregister().catch(() => undefined);
    this.closed = true;
    clearTimeout(this.refreshTimer);
    this.calls?.close();
    this.socket?.close();
    this.socket = undefined;
  }
}
