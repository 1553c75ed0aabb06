/**
 * A real SIP user agent from Debian (baresip) for a lab test: its config in a temp folder, SIP on
 * loopback only, registering one account with the lab's Asterisk, SIP trace on so a test can read
 * every message it received. Stopped (and its folder removed) by `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';

export const BARESIP = '/usr/bin/baresip';
const MODULES = '/usr/lib/baresip/modules';

export function baresipUnavailableReason(): string | undefined {
  if (!existsSync(BARESIP)) return 'baresip is not installed (apt-get install baresip)';
  if (!existsSync(join(MODULES, 'account.so'))) return `baresip modules are missing in ${MODULES}`;
  return undefined;
}

export class Baresip {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
  }

  /** Registers `user` with `password` at 127.0.0.1:`sipPort`, listening on 127.0.0.1:`localPort`. */
  static async start(options: { user: string; password: string; sipPort: number; localPort: number }): Promise<Baresip> {
    const dir = await mkdtemp(join(tmpdir(), 'dp-baresip-'));
    await writeFile(
      join(dir, 'config'),
      [
        'poll_method epoll',
        `sip_listen 127.0.0.1:${options.localPort}`,
        'sip_trans_def udp',
        `module_path ${MODULES}`,
        'module g711.so',
        'module_app account.so',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'accounts'),
      `<sip:${options.user}@127.0.0.1:${options.sipPort};transport=udp>;auth_pass=${options.password};regint=60;answermode=manual\n`,
      { mode: 0o600 },
    );
    const child = spawn(BARESIP, ['-4', '-s', '-f', dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: dir } });
    return new Baresip(child, dir);
  }

  /** Everything baresip printed so far: its SIP trace included. */
  get text(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
