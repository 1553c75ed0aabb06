/** `serve` as a real child process on loopback (TypeScript through tsx), and its ready line. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export function serveChild(data: string): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'electron/cli/serve.ts'), '--data', data, '--host', '127.0.0.1', '--port', '0', '--https-port', '0'],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
}

/** The first line `serve` prints (always its ready line), parsed; rejects with what it said if it exits first. */
export function readyOf(child: ChildProcessWithoutNullStreams): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (c: Buffer) => {
      buffer += c.toString();
      if (buffer.includes('\n')) resolve(JSON.parse(buffer.split('\n')[0] as string) as Record<string, string>);
    });
    child.stderr.on('data', (c: Buffer) => (buffer += c.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before ready: ${buffer}`)));
  });
}
