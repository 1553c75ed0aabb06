/**
 * Step 7 for virtual phones: each phone registers every account its ACC.cfg gave it with the SIP
 * server named there, for real over UDP, one socket per phone as real phones have. Registrations
 * stay up (and refresh) until `closeAll`, which un-registers them.
 */
import type { SeenAccount } from '../../../shared/config/checkDefault';
import type { DigestAlgorithm } from '../../../shared/sip/digest';
import { SipRegistration, type RegisterOutcome } from './registration';
import type { AnswerMode, CallRecord } from './answer';

export interface PhoneToRegister {
  mac: string;
  userAgent: string;
  accounts: readonly SeenAccount[];
}

export interface LineOutcome {
  mac: string;
  line: number;
  userName: string;
  outcome: RegisterOutcome;
}

export interface RegisterRunOptions {
  concurrency?: number;
  algorithms?: readonly DigestAlgorithm[];
  localAddress?: string;
  /** Called when the PBX relays a NOTIFY (check-sync) to one of the phone's lines. */
  onNotify?: (mac: string, event: string) => void;
  /** How each phone's lines take calls (answer after a delay, never, busy); none: INVITE gets 480. */
  answer?: (mac: string, line: number) => AnswerMode | undefined;
  onCall?: (mac: string, call: CallRecord) => void;
}

export class RegisteredPhones {
  readonly registrations: { mac: string; line: number; reg: SipRegistration }[] = [];

  /** Registers every line of every phone; returns one outcome per line. */
  async registerAll(phones: readonly PhoneToRegister[], options: RegisterRunOptions = {}): Promise<LineOutcome[]> {
    const jobs = phones.flatMap((p) => p.accounts.map((a) => ({ phone: p, account: a })));
    const out: LineOutcome[] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const i = next++;
        const { phone, account } = jobs[i] as (typeof jobs)[number];
        if (account.transport !== 'udp') {
          out[i] = {
            mac: phone.mac,
            line: account.line,
            userName: account.userName,
            outcome: { ok: false, reason: `transport ${account.transport} is not simulated (UDP only)` },
          };
          continue;
        }
        const reg = new SipRegistration(
          {
            userName: account.userName,
            authName: account.authName,
            password: account.password,
            server: account.server,
            port: account.port,
            expires: account.expires,
          },
          {
            userAgent: phone.userAgent,
            ...(options.algorithms ? { algorithms: options.algorithms } : {}),
            ...(options.localAddress ? { localAddress: options.localAddress } : {}),
            onNotify: (event) => options.onNotify?.(phone.mac, event),
            ...answerOptions(options, phone.mac, account.line),
          },
        );
        this.registrations.push({ mac: phone.mac, line: account.line, reg });
        out[i] = { mac: phone.mac, line: account.line, userName: account.userName, outcome: await reg.register() };
      }
    };
    const width = Math.max(1, Math.min(options.concurrency ?? 200, jobs.length));
    await Promise.all(Array.from({ length: width }, worker));
    return out;
  }

  /** Un-registers every line (Expires: 0) and frees the sockets. */
  async closeAll(): Promise<void> {
    const all = this.registrations.splice(0);
    let next = 0;
    const worker = async () => {
      while (next < all.length) await (all[next++] as (typeof all)[number]).reg.close();
    };
    await Promise.all(Array.from({ length: Math.min(200, all.length) }, worker));
  }
}

function answerOptions(
  options: RegisterRunOptions,
  mac: string,
  line: number,
): { answer?: AnswerMode; onCall?: (call: CallRecord) => void } {
  const answer = options.answer?.(mac, line);
  if (!answer) return {};
  return { answer, onCall: (call) => options.onCall?.(mac, call) };
}
