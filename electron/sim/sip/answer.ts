/**
 * A virtual phone taking calls, as a desk phone does when the PBX rings it: an INVITE gets
 * 100 Trying and 180 Ringing, then (by the phone's set behaviour) 200 OK with an SDP answer after a
 * delay, nothing (rings until CANCEL), or 486 Busy Here. The 200 OK is retransmitted until the ACK
 * (RFC 3261 13.3.1.4); a CANCEL before the answer gets 200 and 487 Request Terminated; a BYE
 * gets 200 and ends the call; a re-INVITE inside the call is answered at once. Media arrives on an
 * RTP socket that is read and dropped.
 */
import { createSocket, type Socket } from 'node:dgram';
import { buildSdpAnswer, parseSdpOffer } from '../../../shared/sip/sdp';
import { buildResponse, header, headerParams, type SipMessage } from '../../../shared/sip/message';
import { randomToken } from '../../common/hash';

export type AnswerMode = { mode: 'answer'; delayMs: number } | { mode: 'never' } | { mode: 'busy' };

export type Request = Extract<SipMessage, { kind: 'request' }>;

/** `auto`, `auto:MS`, `never` or `busy` (the simulator's --answer), or undefined when it is none of them. */
export function answerModeFrom(text: string): AnswerMode | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'never' || t === 'busy') return { mode: t };
  const m = /^auto(?::(\d{1,6}))?$/.exec(t);
  return m ? { mode: 'answer', delayMs: m[1] ? Number(m[1]) : 1000 } : undefined;
}

export interface CallRecord {
  callId: string;
  from: string;
  state: 'ringing' | 'answered' | 'ended' | 'busy' | 'cancelled';
}

interface Call {
  record: CallRecord;
  invite: Request;
  toTag: string;
  /** The last response sent to the INVITE, resent when the INVITE is retransmitted. */
  last?: string;
  answerTimer?: NodeJS.Timeout;
  retransmit?: NodeJS.Timeout;
}

export interface AnswererHooks {
  send(text: string): void;
  /** The phone's Contact, e.g. `<sip:2014@127.0.0.1:40000>`. */
  contact(): string;
  localAddress: string;
  userAgent: string;
  t1Ms?: number;
  onCall?: (call: CallRecord) => void;
}

export class CallAnswerer {
  private readonly calls = new Map<string, Call>();
  private rtp: Socket | undefined;
  private rtpPort = 0;
  private closed = false;
  /** Every call this phone was offered, newest last (the lab's tests read it). */
  readonly history: CallRecord[] = [];

  constructor(
    public behaviour: AnswerMode,
    private readonly hooks: AnswererHooks,
  ) {}

  private async mediaPort(): Promise<number> {
    if (this.rtp) return this.rtpPort;
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, this.hooks.localAddress, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => undefined);
    socket.on('message', () => undefined);
    this.rtp = socket;
    this.rtpPort = socket.address().port;
    return this.rtpPort;
  }

  private respond(call: Call | undefined, request: Request, status: number, reason: string, body = ''): string {
    const extra: [string, string][] = [['User-Agent', this.hooks.userAgent]];
    if (request.method === 'INVITE' && status > 100) extra.push(['Contact', this.hooks.contact()]);
    if (body) extra.push(['Content-Type', 'application/sdp']);
    const text = buildResponse(request, status, reason, extra, status > 100 ? call?.toTag : undefined, body);
    this.hooks.send(text);
    return text;
  }

  private changed(call: Call, state: CallRecord['state']): void {
    call.record.state = state;
    this.hooks.onCall?.(call.record);
  }

  /** Handles INVITE, ACK, CANCEL and BYE; returns false for other methods. */
  handle(request: Request): boolean {
    const callId = header(request.headers, 'call-id') ?? '';
    const call = this.calls.get(callId);
    switch (request.method) {
      case 'INVITE':
        if (this.closed) return true;
        if (call) {
          const toTag = headerParams(header(request.headers, 'to') ?? '').get('tag');
          if (toTag && call.record.state === 'answered') void this.answer(call, request);
          else if (call.last) this.hooks.send(call.last);
        } else this.offered(callId, request);
        return true;
      case 'ACK':
        if (call) clearTimeout(call.retransmit);
        if (call && call.record.state !== 'answered') this.forget(call);
        return true;
      case 'CANCEL':
        this.respond(call, request, 200, 'OK');
        if (call && call.record.state === 'ringing') {
          clearTimeout(call.answerTimer);
          this.changed(call, 'cancelled');
          call.last = this.respond(call, call.invite, 487, 'Request Terminated');
        }
        return true;
      case 'BYE':
        this.respond(call, request, call ? 200 : 481, call ? 'OK' : 'Call/Transaction Does Not Exist');
        if (call) {
          this.changed(call, 'ended');
          this.forget(call);
        }
        return true;
      default:
        return false;
    }
  }

  private offered(callId: string, invite: Request): void {
    const call: Call = {
      record: { callId, from: header(invite.headers, 'from') ?? '', state: 'ringing' },
      invite,
      toTag: randomToken(6),
    };
    this.calls.set(callId, call);
    this.history.push(call.record);
    this.respond(call, invite, 100, 'Trying');
    const behaviour = this.behaviour;
    if (behaviour.mode === 'busy') {
      this.changed(call, 'busy');
      call.last = this.respond(call, invite, 486, 'Busy Here');
      return;
    }
    call.last = this.respond(call, invite, 180, 'Ringing');
    this.hooks.onCall?.(call.record);
    if (behaviour.mode === 'answer') {
      call.answerTimer = setTimeout(() => {
        if (call.record.state !== 'ringing') return;
        this.changed(call, 'answered');
        void this.answer(call, invite);
      }, behaviour.delayMs);
    }
  }

  /** 200 OK with an SDP answer, retransmitted (T1 doubling up to T2) until the ACK or 64*T1. */
  private async answer(call: Call, invite: Request): Promise<void> {
    const port = await this.mediaPort();
    const sdp = buildSdpAnswer(parseSdpOffer(invite.body), this.hooks.localAddress, port, Date.now() % 1e9);
    if (!sdp) {
      call.last = this.respond(call, invite, 488, 'Not Acceptable Here');
      this.changed(call, 'ended');
      return;
    }
    const text = this.respond(call, invite, 200, 'OK', sdp);
    call.last = text;
    const t1 = this.hooks.t1Ms ?? 500;
    const started = Date.now();
    let interval = t1;
    clearTimeout(call.retransmit);
    const again = () => {
      if (Date.now() - started > 64 * t1) return;
      call.retransmit = setTimeout(() => {
        this.hooks.send(text);
        interval = Math.min(interval * 2, 4000);
        again();
      }, interval);
    };
    again();
  }

  private forget(call: Call): void {
    clearTimeout(call.answerTimer);
    clearTimeout(call.retransmit);
    // Kept a moment so a retransmitted BYE or ACK still finds the call.
    setTimeout(() => this.calls.delete(call.record.callId), 32_000).unref?.();
  }

  close(): void {
    this.closed = true;
    for (const call of this.calls.values()) {
      clearTimeout(call.answerTimer);
      clearTimeout(call.retransmit);
    }
    this.calls.clear();
    this.rtp?.close();
    this.rtp = undefined;
  }
}
