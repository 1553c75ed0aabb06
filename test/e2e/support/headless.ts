/**
 * Starts the backend as headless mode starts it (`tsx electron/cli/serve.ts`), in a fresh data dir
 * on loopback, and reads its first stdout line: the `ready` JSON with the URLs and admin token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createApiClient, type ApiClient } from '../../../shared/api/client';

export interface Ready {
  event: 'ready';
  rpsUrl: string;
  deviceBaseUrl: string;
  adminUrl: string;
  adminToken: string;
  uiUrl: string;
}

export interface Headless extends Ready {
  api: ApiClient;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts headless mode; with `dataDir` it uses (and on stop removes) that directory. */
export async function startHeadless(extraArgs: string[] = [], dataDir?: string): Promise<Headless> {
  dataDir ??= await mkdtemp(join(tmpdir(), 'dp-e2e-'));
  const child = spawn(
    'npx',
    ['tsx', 'electron/cli/serve.ts', '--data', dataDir, '--host', '127.0.0.1', '--port', '0', '--quiet', ...extraArgs],
    {
      cwd: join(import.meta.dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so stop() ends npx, tsx and node together.
      detached: true,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless mode did not start in 60 s: ${stderr.slice(-500)}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`headless mode exited with ${code}: ${stderr.slice(-500)}`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const parsed = JSON.parse(line) as Ready;
        if (parsed.event !== 'ready') throw new Error(`first line was not ready: ${line.slice(0, 200)}`);
        resolve(parsed);
      } catch (e) {
        reject(e as Error);
      }
    });
  });
  child.removeAllListeners('exit');
  const api = createApiClient({ baseUrl: ready.adminUrl, token: ready.adminToken, fetch: fetch as never });
  const dir = dataDir;
  let stopped: Promise<void> | undefined;
  return {
    ...ready,
    api,
    dataDir,
    child,
    stop: () =>
      (stopped ??= (async () => {
        if (child.exitCode === null && child.pid) {
          const exited = new Promise<void>((r) => child.once('exit', () => r()));
          try {
            process.kill(-child.pid, 'SIGTERM');
          } catch {
            // already gone
          }
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
          if (child.exitCode === null) {
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        }
        await rm(dir, { recursive: true, force: true });
      })()),
  };
}
