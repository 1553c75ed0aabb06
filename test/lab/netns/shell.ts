/** Runs the system tools the lab needs (`ip`, `sysctl`), failing with their stderr. */
import { execFile, execFileSync } from 'node:child_process';

export function run(cmd: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} ${args.join(' ')}: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** `ip -batch -` with one command per line; `-force` keeps going past a failing line. */
export function ipBatch(lines: readonly string[], options: { force?: boolean; netns?: string } = {}): Promise<string> {
  if (lines.length === 0) return Promise.resolve('');
  const args = [...(options.netns ? ['-n', options.netns] : []), ...(options.force ? ['-force'] : []), '-batch', '-'];
  return run('ip', args, lines.join('\n') + '\n');
}

/** The synchronous form, for teardown from a process 'exit' handler. */
export function ipBatchSync(lines: readonly string[]): void {
  if (lines.length === 0) return;
  try {
    execFileSync('ip', ['-force', '-batch', '-'], { input: lines.join('\n') + '\n', stdio: ['pipe', 'ignore', 'ignore'] });
  } catch {
    // Best effort: the process is exiting.
  }
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
