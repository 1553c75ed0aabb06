/**
 * The headless server as it ships: `npm run build`'s server bundle and renderer (built here, so
 * CI, which runs `npm test` on a fresh clone, has them), run as `node dist/server/serve.cjs` in a
 * child process on loopback, with its ready line.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const BUILT_SERVER = join(ROOT, 'dist', 'server', 'serve.cjs');

/** `npm run build` for the parts headless mode needs: the server bundle and (unless no UI is wanted) the renderer. */
export function buildServerAndRenderer(parts: 'server' | 'server,renderer' = 'server,renderer'): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'build', 'build.ts'), '--only', parts], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `build failed: ${r.stderr}${r.stdout}`);
}

export interface BuiltServer {
  child: ChildProcessWithoutNullStreams;
  ready: { rpsUrl: string; adminUrl: string; adminToken: string; uiUrl: string };
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

export async function startBuiltServer(dataDir: string): Promise<BuiltServer> {
  const child = spawn(
    process.execPath,
    [BUILT_SERVER, '--data', dataDir, '--host', '127.0.0.1', '--port', '0', '--https-port', '0', '--quiet'],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const ready = await new Promise<BuiltServer['ready']>((resolve, reject) => {
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString();
      if (!out.includes('\n')) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      try {
        resolve(JSON.parse(out.split('\n')[0] as string) as BuiltServer['ready']);
      } catch (error) {
        reject(error as Error);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the built server exited with ${code} before ready: ${err}${out}`)));
  });
  return {
    child,
    ready,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
