/**
 * A sweep of one subnet, on the interface the technician picked: one SIP OPTIONS datagram to
 * port 5060 of every address, at a bounded rate, from one UDP socket. Sending makes the OS
 * resolve each address (ARP), so the neighbour table fills; the OPTIONS doubles as a fingerprint
 * (phones answer with their User-Agent). The table is read as it fills (found so far), and once
 * more at the end; found hosts are then asked for their web page. No child process per host, no
 * raw sockets, no admin rights. Cancellable; progress is reported as it goes.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { setMaxListeners } from 'node:events';
import { neighbours, type Neighbour } from '../../../shared/discovery/arpEntry';
import { cidrContains, cidrHosts, formatCidr, intToIp, ipToInt, type Cidr } from '../../../shared/discovery/ipv4';
import type { LanInterface } from '../../../shared/discovery/interfaces';
import { agentOf, buildOptions } from '../../../shared/discovery/sipOptions';
import { parseSipMessage } from '../../../shared/sip/message';
import { parseUserAgent, type DeviceFacts } from '../../../shared/discovery/userAgent';
import { vendorOfMac } from '../../../shared/discovery/vendor';
import type { Mac } from '../../../shared/mac';
import { pool, probeHttp } from './httpProbe';
import { readNeighbourTable } from './neighbourTable';

export interface SweepOptions {
  iface: Pick<LanInterface, 'name' | 'address'>;
  cidr: Cidr;
  /** Probes per second (default 1000). */
  rate?: number;
  /** How long to keep reading the table after the last probe (default 500 ms; longer while hosts still appear). */
  settleMs?: number;
  /** Ask found hosts for their web page (default true). */
  http?: boolean;
  httpTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: SweepProgress) => void;
  /** For tests on other systems' tables. */
  readTable?: () => Promise<Neighbour[]>;
}

export interface SweepProgress {
  phase: 'probing' | 'settling' | 'fingerprinting' | 'done' | 'cancelled';
  probed: number;
  total: number;
  found: number;
}

export interface SweptDevice {
  ip: string;
  mac: Mac;
  /** From the MAC prefix. */
  macVendor: string;
  sip?: DeviceFacts & { agent: string };
  http?: DeviceFacts;
}

export interface SweepResult {
  cidr: string;
  iface: string;
  total: number;
  probed: number;
  devices: SweptDevice[];
  /** Until the last address was resolved or given up on (the figure to compare with arp-scan). */
  arpMs: number;
  wallMs: number;
  cancelled: boolean;
  sendErrors: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function bindSocket(address: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, address, () => {
      s.off('error', reject);
      s.on('error', () => undefined);
      resolve(s);
    });
  });
}

export async function sweep(options: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const rate = Math.max(10, Math.min(options.rate ?? 1000, 10_000));
  const settleMs = options.settleMs ?? 500;
  const own = ipToInt(options.iface.address);
  const targets = cidrHosts(options.cidr, own === null ? [] : [own]);
  const signal = options.signal;
  const found = new Map<string, Neighbour>();
  const agents = new Map<string, string>();
  let probed = 0;
  let sendErrors = 0;
  let lastNewAt = performance.now();

  const report = (phase: SweepProgress['phase']) => options.onProgress?.({ phase, probed, total: targets.length, found: found.size });
  const readTable =
    options.readTable ??
    (async () =>
      neighbours(await readNeighbourTable()).filter((n) =>
        process.platform === 'win32' ? n.iface === options.iface.address : n.iface === options.iface.name,
      ));
  const poll = async () => {
    for (const n of await readTable()) {
      const ip = ipToInt(n.ip);
      if (ip === null || ip === own || !cidrContains(options.cidr, ip) || found.has(n.ip)) continue;
      found.set(n.ip, n);
      lastNewAt = performance.now();
    }
  };

  const socket = await bindSocket(options.iface.address);
  const localPort = socket.address().port;
  socket.on('message', (buf, rinfo) => {
    const msg = parseSipMessage(buf.toString('latin1'), { lenient: true });
    if (msg?.kind === 'response') {
      const agent = agentOf(msg).slice(0, 256);
      if (agent) agents.set(rinfo.address, agent);
    }
  });
  const callBase = randomBytes(6).toString('hex');

  let arpMs: number;
  try {
    // Probing: batches every 10 ms keep to the rate without a timer per packet.
    const perTick = Math.max(1, Math.round(rate / 100));
    let lastPoll = performance.now();
    for (let i = 0; i < targets.length && !signal?.aborted;) {
      const tickStart = performance.now();
      const batch = targets.slice(i, i + perTick);
      i += batch.length;
      for (const t of batch) {
        const ip = intToIp(t);
        const text = buildOptions({
          targetIp: ip,
          localIp: options.iface.address,
          localPort,
          callId: `${callBase}-${t}`,
          branch: `${callBase}${t}`,
          tag: callBase,
        });
        socket.send(text, 5060, ip, (error) => {
          if (error) sendErrors++;
        });
        probed++;
      }
      if (performance.now() - lastPoll > 200) {
        await poll();
        lastPoll = performance.now();
        report('probing');
      }
      const wait = 10 - (performance.now() - tickStart);
      if (wait > 0) await sleep(wait, signal);
    }
    // Settling: replies to the last probes, and hosts the OS is still resolving.
    const lastProbe = performance.now();
    report('settling');
    while (!signal?.aborted) {
      await sleep(100, signal);
      await poll();
      const now = performance.now();
      if (now - lastProbe >= settleMs && now - lastNewAt >= 300) break;
      if (now - lastProbe >= settleMs * 4) break;
    }
    await poll();
    arpMs = performance.now() - started;
    report(signal?.aborted ? 'cancelled' : 'fingerprinting');
  } finally {
    socket.close();
  }

  const devices: SweptDevice[] = [...found.values()]
    .sort((a, b) => (ipToInt(a.ip) as number) - (ipToInt(b.ip) as number))
    .map((n) => {
      const d: SweptDevice = { ip: n.ip, mac: n.mac, macVendor: vendorOfMac(n.mac)?.name ?? '' };
      const agent = agents.get(n.ip);
      if (agent) {
        const facts = parseUserAgent(agent);
        d.sip = {
          vendor: facts?.vendor ?? '',
          model: facts?.model ?? '',
          firmware: facts?.firmware ?? '',
          agent,
          ...(facts?.mac ? { mac: facts.mac } : {}),
        };
      }
      return d;
    });

  if (!signal?.aborted && options.http !== false) {
    // Each page request listens on the sweep's signal; 32 at a time is expected, not a leak.
    if (signal) setMaxListeners(128, signal);
    const timeout = options.httpTimeoutMs ?? 1500;
    await pool(devices, 32, async (d) => {
      if (signal?.aborted) return;
      const facts = await probeHttp(d.ip, timeout, signal).catch(() => null);
      if (facts) d.http = facts;
    });
  }
  const cancelled = signal?.aborted ?? false;
  report(cancelled ? 'cancelled' : 'done');
  return {
    cidr: formatCidr(options.cidr),
    iface: options.iface.name,
    total: targets.length,
    probed,
    devices,
    arpMs,
    wallMs: performance.now() - started,
    cancelled,
    sendErrors,
  };
}

/** The one description of a swept device: what it said about itself wins over its MAC prefix. */
export function describeSwept(d: SweptDevice): { vendor: string; model: string; firmware: string; told: string } {
  const told = d.sip?.vendor || d.http?.vendor || '';
  return {
    vendor: told || d.macVendor,
    model: d.sip?.model || d.http?.model || '',
    firmware: d.sip?.firmware || d.http?.firmware || '',
    told,
  };
}
