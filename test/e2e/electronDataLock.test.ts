/**
 * The desktop app started on a data folder that headless mode (`serve`, the built server in its
 * own process) already holds: it refuses to start, says which process holds the folder (its PID
 * and how it was started) on stderr, and exits non-zero within 5 s on its own, with nobody
 * answering its dialog. Everything on loopback (DESKPHONE_DEVICE_HOST=127.0.0.1).
 *
 * Here (no Electron binary) the test skips and says why; see support/electronApp.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childOutput } from '../support/childOutput';
import { findDesktopApp, ROOT } from './support/electronApp';
import { startBuiltServer } from './support/builtServer';
import { freePort } from '../support/freePort';

const found = findDesktopApp();
const skip = 'reason' in found ? `desktop app not runnable here: ${found.reason}` : false;
if (skip) console.log(`# electron data-lock e2e skipped: ${skip}`);

test(
  'the desktop app on a folder headless mode holds: refuses, names the other process, exits non-zero within 5 s by itself',
  { skip },
  async () => {
    if ('reason' in found) return;
    if (!found.packaged) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'build', 'build.ts')], { cwd: ROOT, stdio: 'inherit' });
      assert.equal(r.status, 0, 'npm run build');
    }
    const data = await mkdtemp(join(tmpdir(), 'dp-electron-locked-'));
    const serve = await startBuiltServer(data);
    try {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
      const ports = { DESKPHONE_DEVICE_PORT: String(await freePort()), DESKPHONE_DEVICE_HTTPS_PORT: String(await freePort()) };
      const started = performance.now();
      const app = spawn(found.executablePath, found.args, {
        cwd: ROOT,
        env: { ...env, DESKPHONE_USER_DATA: data, DESKPHONE_DEVICE_HOST: '127.0.0.1', ...ports },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const killer = setTimeout(() => app.kill('SIGKILL'), 15_000);
      const out = await childOutput(app);
      clearTimeout(killer);
      const tookMs = performance.now() - started;
      assert.notEqual(out.code, 0, 'a non-zero exit');
      assert.ok(tookMs < 5000, `exited by itself within 5 s (took ${tookMs.toFixed(0)} ms)`);
      assert.match(out.stderr, /Deskphone Provisioner did not start: The data folder is in use\./);
      assert.match(out.stderr, new RegExp(`PID ${serve.child.pid}, started as headless \\(npm run serve\\)`));
      assert.equal(serve.child.exitCode, null, 'headless mode goes on');
    } finally {
      await serve.stop();
      await rm(data, { recursive: true, force: true });
    }
  },
);
