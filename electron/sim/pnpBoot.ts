/**
 * A factory-fresh virtual phone's plug-and-play boot: multicast a ua-profile SUBSCRIBE to
 * 224.0.1.75:5060 (repeated, as phones do), wait for the NOTIFY that carries the provisioning
 * URL, acknowledge it, and hand the URL to the provisioning steps. Runs inside a lab namespace.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { buildNotifyOk, buildPnpSubscribe, PNP_GROUP, PNP_PORT, readPnpNotify, type PnpIdentity } from '../../shared/discovery/pnp';
import { parseSipMessage } from '../../shared/sip/message';

export interface PnpBootOptions {
  /** This phone's own IPv4 address; the first non-loopback one by default. */
  localIp?: string;
  /** Local SIP port (5060 as on a real phone). */
  localPort?: number;
  /** Where the SUBSCRIBE goes; the PnP group by default. */
  target?: { host: string; port: number };
  timeoutMs?: number;
}

export class PnpTimeout extends Error {}

function firstAddress(): string {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  throw new Error('this host has no IPv4 address for plug-and-play');
}

/** Resolves with the provisioning URL from the NOTIFY; rejects with PnpTimeout when none comes. */
export function pnpDiscover(id: PnpIdentity, options: PnpBootOptions = {}): Promise<string> {
  const localIp = options.localIp ?? firstAddress();
  const target = options.target ?? { host: PNP_GROUP, port: PNP_PORT };
  const timeoutMs = options.timeoutMs ?? 15_000;
  const ids = {
    callId: `${randomBytes(8).toString('hex')}@${localIp}`,
    tag: randomBytes(4).toString('hex'),
    branch: randomBytes(6).toString('hex'),
  };
  const socket = createSocket({ type: 'udp4', reuseAddr: true });

  return new Promise<string>((resolve, reject) => {
    let repeat: NodeJS.Timeout | undefined;
    const finish = (error: Error | null, url?: string) => {
      clearTimeout(deadline);
      clearInterval(repeat);
      socket.close();
      if (error) reject(error);
      else resolve(url as string);
    };
    const deadline = setTimeout(
      () => finish(new PnpTimeout(`no plug-and-play answer within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    socket.on('error', (e) => finish(e));
    socket.on('message', (buf, rinfo) => {
      const msg = parseSipMessage(buf.toString('latin1'), { lenient: true });
      if (!msg) return;
      const url = readPnpNotify(msg);
      if (!url) return;
      socket.send(buildNotifyOk(msg), rinfo.port, rinfo.address, () => finish(null, url));
    });
    socket.bind(options.localPort ?? PNP_PORT, () => {
      const port = socket.address().port;
      if (target.host === PNP_GROUP) {
        socket.setMulticastInterface(localIp);
        socket.setMulticastTTL(1);
      }
      const text = buildPnpSubscribe(id, localIp, port, ids);
      const send = () => socket.send(text, target.port, target.host);
      send();
      repeat = setInterval(send, 2000);
    });
  });
}
