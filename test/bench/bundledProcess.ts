/** Runs a small bench server (a reference to compare against) bundled and in its own process, as the app's server runs. */
import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { scratchDir } from '../support/scratch';

export interface BundledProcess {
  port: number;
  pid: number | undefined;
  stop(): void;
}

/** Bundles `entry` (a file beside this one), starts it with `args` and waits for its `{"port":N}` line. */
export async function startBundled(entry: string, args: string[] = []): Promise<BundledProcess> {
  const out = join(scratchDir('dp-bench-ref-'), basename(entry).replace(/\.ts$/, '.cjs'));
  await build({
    entryPoints: [join(import.meta.dirname, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    minify: true,
    logLevel: 'silent',
  });
  const child = spawn(process.execPath, [out, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()).port));
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before it was ready`)));
  });
  return { port, pid: child.pid, stop: () => child.kill('SIGTERM') };
}
