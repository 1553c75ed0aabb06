/**
 * The SIP plug-and-play listener: joins 224.0.1.75 on the chosen interface, reads ua-profile
 * SUBSCRIBEs from factory-fresh phones, and answers as the RPS does: 200 OK, then a NOTIFY whose
 * body is the provisioning URL (retransmitted until the phone says 200 OK, as SIP over UDP does).
 * What URL a phone gets is decided by the caller's `answer` (the same redirect rules as the RPS).
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import {
  buildPnpNotify,
  buildSubscribeOk,
  PNP_GROUP,
  PNP_PORT,
  readPnpSubscribe,
  transactionKey,
  type PnpSubscribe,
} from '../../../shared/discovery/pnp';
import { headerText as header, MAX_SIP_DATAGRAM, parseSipMessage } from '../../../shared/sip/message';

export interface PnpListenerOptions {
  /** IPv4 address of the interface the phones' LAN is on. */
  interfaceAddress: string;
  /** The provisioning URL for this phone, or null to stay silent (unknown phone, refused). */
  answer: (sub: PnpSubscribe, from: RemoteInfo) => Promise<string | null>;
  onError?: (message: string) => void;
  /** Port to listen on (5060; tests may pick another). */
  port?: number;
}

export interface PnpListener {
  stop(): Promise<void>;
  /** Datagrams received, SUBSCRIBEs read, NOTIFYs sent and acknowledged, for tests and the status view. */
  readonly stats: { datagrams: number; subscribes: number; notified: number; acknowledged: number };
}

const rand = () => randomBytes(8).toString('hex');

/** Server transactions remembered for retransmissions, at most. */
const TRANSACTIONS = 4096;

function bind(socket: Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

export async function startPnpListener(options: PnpListenerOptions): Promise<PnpListener> {
  const port = options.port ?? PNP_PORT;
  const listen = createSocket({ type: 'udp4', reuseAddr: true });
  const send = createSocket('udp4');
  const stats = { datagrams: 0, subscribes: 0, notified: 0, acknowledged: 0 };
  const pending = new Map<string, { timer: NodeJS.Timeout; tries: number }>();
  /**
   * Server transactions (RFC 3261 17.2.2): a retransmitted SUBSCRIBE gets the same 200 OK again
   * (`ok`), or nothing while its answer is being decided or when it got none. Kept a minute,
   * at most TRANSACTIONS of them (oldest dropped first), so a flood cannot grow it.
   */
  const transactions = new Map<string, { at: number; ok: string | null }>();
  const fail = (error: unknown) => {
    try {
      options.onError?.(error instanceof Error ? error.message : String(error));
    } catch {
      // Reporting must not throw either.
    }
  };
  /** Sends, never throws: a bad port or address (whatever a datagram claimed) is reported, not fatal. */
  const safeSend = (text: string, port: number, address: string) => {
    try {
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`port ${port} is out of range`);
      send.send(text, port, address, (error) => {
        if (error) fail(error);
      });
    } catch (error) {
      fail(error);
    }
  };

  // On Linux, binding to the group address receives only that group's datagrams; Windows and
  // macOS need the wildcard address.
  await bind(listen, port, process.platform === 'linux' ? PNP_GROUP : '0.0.0.0');
  try {
    listen.addMembership(PNP_GROUP, options.interfaceAddress);
    await bind(send, 0, options.interfaceAddress);
  } catch (error) {
    listen.close();
    throw error;
  }
  listen.on('error', (e) => fail(e));
  send.on('error', (e) => fail(e));
  const local = send.address();

  send.on('message', (buf) => {
    try {
      const msg = parseSipMessage(buf.toString('latin1'), { lenient: true });
      if (msg?.kind !== 'response' || !/NOTIFY$/i.test(header(msg, 'cseq'))) return;
      const p = pending.get(header(msg, 'call-id'));
      if (p && msg.status >= 200) {
        clearTimeout(p.timer);
        pending.delete(header(msg, 'call-id'));
        stats.acknowledged++;
      }
    } catch (error) {
      fail(error);
    }
  });

  const answer = async (sub: PnpSubscribe, rinfo: RemoteInfo, key: string) => {
    const callId = header(sub.message, 'call-id');
    let url: string | null = null;
    try {
      url = await options.answer(sub, rinfo);
    } catch (error) {
      fail(error);
    }
    if (!url) return;
    const toTag = rand();
    const ok = buildSubscribeOk(sub.message, toTag, `sip:${local.address}:${local.port}`);
    const transaction = transactions.get(key);
    if (transaction) transaction.ok = ok;
    safeSend(ok, rinfo.port, rinfo.address);
    const target = sub.notifyTo ?? { host: rinfo.address, port: rinfo.port };
    const notify = buildPnpNotify({
      subscribe: sub.message,
      toTag,
      localIp: local.address,
      localPort: local.port,
      branch: rand(),
      provisioningUrl: url,
      target,
    });
    if (pending.has(callId)) return; // a NOTIFY for this dialog is already being sent
    const entry = { timer: undefined as unknown as NodeJS.Timeout, tries: 0 };
    const fire = () => {
      if (entry.tries++ >= 4) {
        pending.delete(callId);
        return;
      }
      safeSend(notify, target.port, target.host);
      stats.notified += entry.tries === 1 ? 1 : 0;
      entry.timer = setTimeout(fire, 500 * 2 ** (entry.tries - 1));
    };
    pending.set(callId, entry);
    fire();
  };

  listen.on('message', (buf, rinfo) => {
    try {
      stats.datagrams++;
      if (buf.length > MAX_SIP_DATAGRAM) return;
      const sub = readPnpSubscribe(buf.toString('latin1'));
      if (!sub) return;
      stats.subscribes++;
      const key = transactionKey(sub.message);
      const now = Date.now();
      for (const [k, t] of transactions) {
        if (now - t.at <= 60_000 && transactions.size < TRANSACTIONS) break;
        transactions.delete(k);
      }
      const seen = transactions.get(key);
      if (seen) {
        // A retransmission: the same 200 again (17.2.2), to where it came from; no second NOTIFY.
        if (seen.ok) safeSend(seen.ok, rinfo.port, rinfo.address);
        return;
      }
      transactions.set(key, { at: now, ok: null });
      answer(sub, rinfo, key).catch(fail);
    } catch (error) {
      fail(error);
    }
  });

  return {
    stats,
    stop: async () => {
      for (const p of pending.values()) clearTimeout(p.timer);
      pending.clear();
      await Promise.all([new Promise<void>((r) => listen.close(() => r())), new Promise<void>((r) => send.close(() => r()))]);
    },
  };
}
