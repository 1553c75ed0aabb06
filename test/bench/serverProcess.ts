/** Starts the headless server in its own process, as `npm run serve` does, for benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServerProcess {
  child: ChildProcess;
  rpsUrl: string;
  deviceBaseUrl: string;
  adminUrl: string;
  adminToken: string;
  /** Peak resident memory so far, in MiB (Linux: VmHWM). */
  peakMemoryMiB(): number;
  stop(): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..', '..');

export async function startServerProcess(extraArgs: string[] = []): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dp-bench-'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'electron', 'cli', 'serve.ts'),
      '--data',
      dataDir,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--quiet',
      ...extraArgs,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: ROOT,
    },
  );
  const ready = await new Promise<Record<string, string>>((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.includes('"ready"'));
      if (line) {
        child.stdout?.off('data', onData);
        resolve(JSON.parse(line));
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before it was ready`)));
  });
  child.stdout?.resume();
  return {
    child,
    rpsUrl: ready['rpsUrl'] as string,
    deviceBaseUrl: ready['deviceBaseUrl'] as string,
    adminUrl: ready['adminUrl'] as string,
    adminToken: ready['adminToken'] as string,
    peakMemoryMiB: () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
        return kb / 1024;
      } catch {
        return NaN;
      }
    },
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
