/** Starts the headless server in its own process, built as it ships, for benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { bundleTarget } from '../../build/bundle';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchDir } from '../support/scratch';

export interface ServerProcess {
  child: ChildProcess;
  rpsUrl: string;
  deviceBaseUrl: string;
  adminUrl: string;
  adminToken: string;
  /** Peak resident memory so far, in MiB (Linux: VmHWM). */
  peakMemoryMiB(): number;
  /** Resident memory now, in MiB (Linux: VmRSS). */
  memoryMiB(): number;
  /** The server's data folder (removed by stop). */
  dataDir: string;
  /** Stops the server; `beforeRemove` sees the data folder after a clean stop, before it is removed. */
  stop(beforeRemove?: (dataDir: string) => Promise<void>): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..', '..');

let bundled: Promise<string> | undefined;

/** The headless server as `npm run build` ships it (one bundle), built once per benchmark run. */
function serverBundle(): Promise<string> {
  bundled ??= (async () => {
    const out = scratchDir('dp-bench-bundle-');
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    return (await bundleTarget('server', out, version)).outfile;
  })();
  return bundled;
}

export async function startServerProcess(extraArgs: string[] = [], nodeArgs: string[] = []): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dp-bench-'));
  const child = spawn(
    process.execPath,
    // DP_BENCH_NODE_ARGS: extra Node flags for the server, e.g. `--cpu-prof --cpu-prof-dir DIR` to profile a bench.
    [
      ...(process.env['DP_BENCH_NODE_ARGS']?.split(' ').filter(Boolean) ?? []),
      ...nodeArgs,
      await serverBundle(),
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
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: ROOT,
    },
  );
  // The server's warnings pass through; its "Open <url with the session token>" line does not:
  // nobody running a bench asked to see the token.
  child.stderr?.on('data', (chunk: Buffer) => {
    const kept = chunk
      .toString()
      .split('\n')
      .filter((l) => !/#token=/.test(l))
      .join('\n');
    if (kept.trim()) process.stderr.write(kept.endsWith('\n') ? kept : kept + '\n');
  });
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
    dataDir,
    peakMemoryMiB: () => statusMiB(child.pid, 'VmHWM'),
    memoryMiB: () => statusMiB(child.pid, 'VmRSS'),
    stop: async (beforeRemove) => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      try {
        await beforeRemove?.(dataDir);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** A memory figure of a process from /proc (Linux), in MiB; NaN where it cannot be read. */
function statusMiB(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}
