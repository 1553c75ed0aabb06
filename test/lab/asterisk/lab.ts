/**
 * A real Asterisk 22 for a test: writes a private config tree into the cached chroot, starts
 * Asterisk on free loopback ports (PJSIP optionally on a netns lab bridge's address), waits until AMI says it is fully booted, and stops it (and
 * removes the tree) afterwards. `restart()` keeps the ports and config, as an Asterisk restart in
 * the field would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import type { PjsipAccount } from '../../../shared/pbx/pjsipConfig';
import type { DigestAlgorithm } from '../../../shared/sip/digest';
import { ensureChroot } from './chroot';
import { labConfigFiles } from './config';
import { resolveFromFilesOnly } from './hostsOnly';

export interface AsteriskLabOptions {
  endpoints: readonly PjsipAccount[];
  algorithms?: readonly DigestAlgorithm[];
  qualifyFrequency?: number;
  bootTimeoutMs?: number;
  /**
   * Address the PJSIP transport binds to: loopback by default. A netns lab test passes its
   * bridge's own address so phones in the namespaces can reach it. AMI stays on loopback.
   */
  sipBindHost?: string;
  /** More AMI users with their own rights (config.ts). */
  extraAmiUsers?: readonly { user: string; secret: string; read: string; write: string }[];
}

/** A TCP port free on 127.0.0.1 right now. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** A UDP port free on `host` (127.0.0.1 by default) right now. */
export function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const port = socket.address().port;
      socket.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A test process killed hard (SIGKILL, a closed pipe) cannot stop its Asterisk. Each lab's tree is
 * named after the test process's pid, so an Asterisk whose owner is gone is found by its own
 * config path and stopped by its pid, and the tree is removed.
 */
export async function reapStaleLabs(chroot: string): Promise<void> {
  const labs = await readdir(join(chroot, 'opt/dp-lab')).catch(() => [] as string[]);
  const stale = labs.filter((name) => {
    const owner = Number(name.split('-')[0]);
    return Number.isInteger(owner) && owner !== process.pid && !alive(owner);
  });
  if (stale.length === 0) return;
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (stale.some((name) => cmdline.includes(`/opt/dp-lab/${name}/etc/asterisk.conf`))) process.kill(Number(pid), 'SIGKILL');
  }
  for (const name of stale) await rm(join(chroot, 'opt/dp-lab', name), { recursive: true, force: true });
}

export class AsteriskLab {
  readonly amiUser = 'dplab';
  readonly amiSecret = randomBytes(12).toString('hex');
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = '';

  private constructor(
    readonly chroot: string,
    /** The private tree as Asterisk sees it. */
    readonly root: string,
    readonly sipPort: number,
    readonly amiPort: number,
    private readonly options: AsteriskLabOptions,
  ) {}

  /** Asterisk's process id while it runs (benchmarks read its CPU time from /proc). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get amiHost(): string {
    return '127.0.0.1';
  }

  /** The app's PBX settings for this lab: AMI on loopback, SIP where phones reach it. */
  pbxSettings(): { amiHost: string; amiPort: number; amiUser: string; amiSecret: string; sipHost: string; sipPort: number } {
    return {
      amiHost: this.amiHost,
      amiPort: this.amiPort,
      amiUser: this.amiUser,
      amiSecret: this.amiSecret,
      sipHost: this.sipHost,
      sipPort: this.sipPort,
    };
  }

  /** Where phones send REGISTER: loopback, or the lab bridge's address given as `sipBindHost`. */
  get sipHost(): string {
    return this.options.sipBindHost ?? '127.0.0.1';
  }

  static async start(options: AsteriskLabOptions): Promise<AsteriskLab> {
    const chroot = await ensureChroot();
    await resolveFromFilesOnly(chroot);
    await reapStaleLabs(chroot);
    const root = `/opt/dp-lab/${process.pid}-${randomBytes(4).toString('hex')}`;
    const lab = new AsteriskLab(chroot, root, await freeUdpPort(options.sipBindHost), await freeTcpPort(), options);
    await lab.writeConfig(options.endpoints);
    try {
      await lab.boot();
    } catch (error) {
      await lab.stop();
      throw error;
    }
    return lab;
  }

  private hostPath(...parts: string[]): string {
    return join(this.chroot, this.root, ...parts);
  }

  private async writeConfig(endpoints: readonly PjsipAccount[]): Promise<void> {
    for (const d of ['etc', 'lib', 'spool', 'run', 'log']) await mkdir(this.hostPath(d), { recursive: true });
    const files = labConfigFiles({
      root: this.root,
      sipPort: this.sipPort,
      sipBindHost: this.sipHost,
      amiPort: this.amiPort,
      amiUser: this.amiUser,
      amiSecret: this.amiSecret,
      endpoints,
      ...(this.options.algorithms ? { algorithms: this.options.algorithms } : {}),
      ...(this.options.qualifyFrequency !== undefined ? { qualifyFrequency: this.options.qualifyFrequency } : {}),
      ...(this.options.extraAmiUsers ? { extraAmiUsers: this.options.extraAmiUsers } : {}),
    });
    for (const [name, text] of Object.entries(files)) await writeFile(this.hostPath('etc', name), text, { mode: 0o600 });
  }

  private async boot(): Promise<void> {
    const child = spawn('chroot', [this.chroot, '/usr/sbin/asterisk', '-C', `${this.root}/etc/asterisk.conf`, '-f', '-n', '-q'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => running.delete(child));
    const deadline = Date.now() + (this.options.bootTimeoutMs ?? 30_000);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`Asterisk exited during boot (${child.exitCode ?? child.signalCode}):\n${this.output}${await this.log()}`);
      }
      if (await this.fullyBooted()) return;
      if (Date.now() > deadline) throw new Error(`Asterisk did not boot within the time limit:\n${this.output}${await this.log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The tail of Asterisk's own log, for failure messages. */
  async log(): Promise<string> {
    return (await readFile(this.hostPath('log', 'messages.log'), 'utf8').catch(() => '')).slice(-4000);
  }

  /** Logs in over AMI and waits for `FullyBooted`: true once PJSIP and AMI both work. */
  private fullyBooted(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: this.amiPort });
      let text = '';
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), 2000);
      socket.on('error', () => {
        clearTimeout(timer);
        done(false);
      });
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text.includes('Asterisk Call Manager') && !text.includes('Action-Sent')) {
          text += 'Action-Sent';
          socket.write(`Action: Login\r\nUsername: ${this.amiUser}\r\nSecret: ${this.amiSecret}\r\n\r\n`);
        }
        if (/Event: FullyBooted/.test(text)) {
          clearTimeout(timer);
          done(true);
        } else if (/Response: Error/.test(text)) {
          clearTimeout(timer);
          done(false);
        }
      });
    });
  }

  private async halt(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(killer);
  }

  /** Stops Asterisk and starts it again with the same ports and config. */
  async restart(): Promise<void> {
    await this.halt();
    await this.boot();
  }

  /** Stops Asterisk only (for tests of what happens while it is down). */
  async kill(): Promise<void> {
    await this.halt();
  }

  async startAgain(): Promise<void> {
    await this.boot();
  }

  async stop(): Promise<void> {
    await this.halt();
    await rm(join(this.chroot, this.root), { recursive: true, force: true });
  }
}
