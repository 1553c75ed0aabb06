/**
 * A LAN on this machine for the discovery tests: a bridge with an address in a free private test
 * subnet, and one network namespace per device, each holding one end of a veth pair with a real
 * vendor MAC and an address. Devices may run a fake responder (SIP OPTIONS + HTTP like their
 * vendor) or any command (the virtual phone). Everything is torn down by `teardown()`, and also
 * on process exit or SIGINT/SIGTERM; labs left behind by a killed process are removed the next
 * time a lab is built. NETWORK SAFETY: nothing here touches a real interface.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cidrHosts, cidrOverlaps, formatCidr, intToIp, parseCidr, type Cidr } from '../../../shared/discovery/ipv4';
import type { DeviceProfile } from '../fake-devices/profiles';
import { bundleResponder } from '../fake-devices/bundle';
import { ipBatch, ipBatchSync, isRoot, run } from './shell';
import { pickFreeSubnet } from './subnet';

export interface LabDevice {
  index: number;
  ns: string;
  ip: string;
  /** Canonical: 12 lowercase hex digits. */
  mac: string;
  profile: DeviceProfile;
}

export interface LabOptions {
  devices: readonly DeviceProfile[];
  /** Subnet size; 24 unless the lab needs more room. */
  prefix?: number;
  /** Start each device's fake responder (default true). */
  responders?: boolean;
}

export interface Lab {
  id: string;
  bridge: string;
  hostIp: string;
  cidr: string;
  subnet: Cidr;
  devices: LabDevice[];
  /** A namespace with no device behaviour, for a virtual phone; it gets the next free address. */
  addHost(mac: string): Promise<{ ns: string; ip: string }>;
  /** Starts a process inside a lab namespace (`ip netns exec`). */
  spawnIn(ns: string, command: string, args: readonly string[], env?: NodeJS.ProcessEnv): ChildProcess;
  teardown(): Promise<void>;
}

const PREFIX = 'dplab';
let labCounter = 0;

export function labSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'the netns lab needs Linux';
  if (!isRoot()) return 'the netns lab needs root (network namespaces, a bridge)';
  if (!existsSync('/usr/sbin/ip') && !existsSync('/sbin/ip') && !existsSync('/usr/bin/ip')) return 'iproute2 (ip) is not installed';
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes namespaces and bridges of labs whose process is gone. */
export async function removeStaleLabs(): Promise<void> {
  let names: string[] = [];
  try {
    names = await readdir('/run/netns');
  } catch {
    // no namespaces at all
  }
  const lines: string[] = [];
  const deadIds = new Set<string>();
  for (const name of names) {
    const m = new RegExp(`^${PREFIX}-([0-9a-z]+)_([a-z])-\\d+$`).exec(name);
    if (m && !alive(parseInt(m[1] as string, 36))) {
      lines.push(`netns delete ${name}`);
      deadIds.add(`${m[1]}_${m[2]}`);
    }
  }
  const links = await run('ip', ['-o', 'link', 'show', 'type', 'bridge']);
  for (const m of links.matchAll(/^\d+: (dpb([0-9a-z]+)_([a-z]))[:@]/gm)) {
    if (!alive(parseInt(m[2] as string, 36))) lines.push(`link delete ${m[1]}`);
  }
  await ipBatch(lines, { force: true }).catch(() => undefined);
}

function macWith(prefix: string, salt: Buffer, index: number): string {
  const tail = ((salt.readUInt16BE(0) << 8) ^ index) & 0xffffff;
  return (prefix + tail.toString(16).padStart(6, '0')).toLowerCase();
}

/**
 * Creates the bridge with the first address of a free subnet. Labs built at the same moment by
 * other processes could pick the same subnet: after taking it, if another interface holds an
 * address in it, the one with the larger name backs off and tries the next.
 */
async function claimSubnet(bridge: string, prefix: number): Promise<Cidr> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const subnet = await pickFreeSubnet(prefix);
    const hostIp = intToIp(cidrHosts(subnet)[0] as number);
    await ipBatch([`link add ${bridge} type bridge mcast_snooping 0`, `addr add ${hostIp}/${subnet.prefix} dev ${bridge}`]);
    const addrs = await run('ip', ['-4', '-o', 'addr', 'show']);
    const rivals = [...addrs.matchAll(/^\d+:\s+(\S+)\s+inet (\d+\.\d+\.\d+\.\d+)\/(\d+)/gm)]
      .filter((m) => m[1] !== bridge)
      .map((m) => ({ name: m[1] as string, cidr: parseCidr(`${m[2]}/${m[3]}`) }))
      .filter((r) => r.cidr !== null && cidrOverlaps(r.cidr, subnet));
    if (rivals.length === 0 || rivals.every((r) => r.name > bridge)) return subnet;
    await ipBatch([`link delete ${bridge}`], { force: true }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
  }
  throw new Error('could not claim a free test subnet (other labs keep taking them)');
}

export async function buildLab(options: LabOptions): Promise<Lab> {
  const reason = labSkipReason();
  if (reason) throw new Error(reason);
  await removeStaleLabs();
  const prefix = options.prefix ?? 24;
  const id = `${process.pid.toString(36)}_${String.fromCharCode(97 + (labCounter++ % 26))}`;
  const bridge = `dpb${id}`;
  const subnet = await claimSubnet(bridge, prefix);
  const hosts = cidrHosts(subnet);
  const hostIp = intToIp(hosts[0] as number);
  if (options.devices.length + 8 > hosts.length) {
    await ipBatch([`link delete ${bridge}`], { force: true }).catch(() => undefined);
    throw new Error(`a /${prefix} is too small for ${options.devices.length} devices`);
  }
  const salt = randomBytes(2);
  const nsNames: string[] = [];
  const children = new Set<ChildProcess>();
  let tmp: string | undefined;
  let torn = false;

  const teardownLines = () => [...nsNames.map((n) => `netns delete ${n}`), `link delete ${bridge}`];
  const onExit = () => {
    for (const c of children) c.kill('SIGKILL');
    ipBatchSync(teardownLines());
  };
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const teardown = async () => {
    if (torn) return;
    torn = true;
    await Promise.all(
      [...children].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const t = setTimeout(() => c.kill('SIGKILL'), 2000);
            c.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    await ipBatch(teardownLines(), { force: true }).catch(() => undefined);
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  };

  const spawnIn = (ns: string, command: string, args: readonly string[], env?: NodeJS.ProcessEnv) => {
    const child = spawn('ip', ['netns', 'exec', ns, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };

  let nextHost = 1;
  const addNamespaces = async (macs: readonly string[]) => {
    const made: { ns: string; ip: string; veth: string; mac: string }[] = [];
    for (const mac of macs) {
      const i = nextHost++;
      const ns = `${PREFIX}-${id}-${i}`;
      made.push({ ns, ip: intToIp(hosts[i] as number), veth: `dpv${id}-${i}`, mac });
      nsNames.push(ns);
    }
    const macText = (m: string) => (m.match(/../g) as string[]).join(':');
    await ipBatch(
      made.flatMap((d) => [
        `netns add ${d.ns}`,
        `link add ${d.veth} type veth peer name eth0 address ${macText(d.mac)} netns ${d.ns}`,
        `link set ${d.veth} master ${bridge} up`,
      ]),
    );
    await Promise.all(
      made.map((d) =>
        ipBatch([`addr add ${d.ip}/${subnet.prefix} dev eth0`, 'link set lo up', 'link set eth0 up', `route add default via ${hostIp}`], {
          netns: d.ns,
        }),
      ),
    );
    return made;
  };

  try {
    await ipBatch([`link set ${bridge} up`]);
    const made = await addNamespaces(options.devices.map((p, i) => macWith(p.ouiPrefix, salt, i)));
    const devices: LabDevice[] = made.map((d, i) => ({
      index: i,
      ns: d.ns,
      ip: d.ip,
      mac: d.mac,
      profile: options.devices[i] as DeviceProfile,
    }));

    if (options.responders !== false && devices.some((d) => d.profile.sipAgent || d.profile.http)) {
      tmp = await mkdtemp(join(tmpdir(), 'dplab-'));
      const script = await bundleResponder(tmp);
      await Promise.all(
        devices
          .filter((d) => d.profile.sipAgent || d.profile.http)
          .map(
            (d) =>
              new Promise<void>((resolve, reject) => {
                const child = spawnIn(d.ns, process.execPath, [script, JSON.stringify({ ip: d.ip, mac: d.mac, profile: d.profile })]);
                let out = '';
                const timer = setTimeout(() => reject(new Error(`responder in ${d.ns} did not start`)), 20_000);
                child.stdout?.on('data', (b: Buffer) => {
                  out += b.toString();
                  if (out.includes('ready')) {
                    clearTimeout(timer);
                    resolve();
                  }
                });
                child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
                child.once('exit', (code) => {
                  clearTimeout(timer);
                  reject(new Error(`responder in ${d.ns} exited (${code}): ${out.slice(0, 500)}`));
                });
              }),
          ),
      );
    }

    return {
      id,
      bridge,
      hostIp,
      cidr: formatCidr(subnet),
      subnet,
      devices,
      addHost: async (mac: string) => {
        const [d] = await addNamespaces([mac]);
        return { ns: (d as { ns: string }).ns, ip: (d as { ip: string }).ip };
      },
      spawnIn,
      teardown,
    };
  } catch (error) {
    await teardown();
    throw error;
  }
}
