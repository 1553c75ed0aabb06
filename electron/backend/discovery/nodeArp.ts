/**
 * The MAC of one IP address, for a device that talked to us without saying its MAC. The
 * neighbour table is read first; node-arp is used only where it is safe, because of its known
 * failure modes: it spawns `ping` and `arp` without handling a missing binary (the 'error' event
 * would crash the process), and on Linux it reports "no entry" and "(incomplete)" as success
 * (undefined or a non-MAC string). Every answer is checked as a MAC before it is believed.
 */
import { createSocket } from 'node:dgram';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { neighbours } from '../../../shared/discovery/arpEntry';
import { isIpv4 } from '../../../shared/discovery/ipv4';
import { parseLooseMac, type Mac } from '../../../shared/mac';
import { readNeighbourTable } from './neighbourTable';

type GetMac = (ip: string, cb: (failed: boolean, value: unknown) => void) => void;

let nodeArp: { getMAC: GetMac } | null | undefined;
function loadNodeArp(): { getMAC: GetMac } | null {
  if (nodeArp === undefined) {
    try {
      nodeArp = createRequire(import.meta.url)('node-arp') as { getMAC: GetMac };
    } catch {
      nodeArp = null;
    }
  }
  return nodeArp;
}

/** Whether an executable of that name is on PATH (what spawn would find). */
export async function onPath(name: string, path = process.env['PATH'] ?? ''): Promise<boolean> {
  const exts = process.platform === 'win32' ? (process.env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      try {
        await access(join(dir, name + ext), process.platform === 'win32' ? constants.F_OK : constants.X_OK);
        return true;
      } catch {
        // next
      }
    }
  }
  return false;
}

/** What node-arp's callback gave, believed only when it is a real unicast MAC. */
export function acceptNodeArpAnswer(failed: boolean, value: unknown): Mac | null {
  if (failed || typeof value !== 'string') return null;
  const mac = parseLooseMac(value.trim());
  if (!mac || mac === '000000000000' || mac === 'ffffffffffff') return null;
  return mac;
}

function viaNodeArp(ip: string, timeoutMs: number): Promise<Mac | null> {
  const lib = loadNodeArp();
  if (!lib) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    try {
      lib.getMAC(ip, (failed, value) => {
        clearTimeout(timer);
        resolve(acceptNodeArpAnswer(failed, value));
      });
    } catch {
      clearTimeout(timer);
      resolve(null);
    }
  });
}

async function fromTable(ip: string): Promise<Mac | null> {
  return neighbours(await readNeighbourTable()).find((n) => n.ip === ip)?.mac ?? null;
}

/** One UDP datagram to the discard port makes the OS resolve the address (no ping needed). */
function nudge(ip: string): Promise<void> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.on('error', () => {
      s.close();
      resolve();
    });
    s.send(Buffer.alloc(0), 9, ip, () => {
      s.close();
      resolve();
    });
  });
}

export interface LookupOptions {
  timeoutMs?: number;
}

/** The MAC of `ip` from the neighbour table or node-arp, or null. Never throws. */
export async function lookupMac(ip: string, options: LookupOptions = {}): Promise<Mac | null> {
  if (!isIpv4(ip)) return null;
  const known = await fromTable(ip);
  if (known) return known;
  const timeoutMs = options.timeoutMs ?? 3000;
  const [ping, arp] = await Promise.all([onPath('ping'), onPath('arp')]);
  if (ping && arp) {
    const mac = await viaNodeArp(ip, timeoutMs);
    if (mac) return mac;
  } else {
    await nudge(ip);
    await new Promise((r) => setTimeout(r, Math.min(500, timeoutMs)));
  }
  return fromTable(ip);
}
