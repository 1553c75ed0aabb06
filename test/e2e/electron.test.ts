/**
 * The desktop app end to end, through Playwright's Electron driver: the window opens on the app's
 * own page, the page reaches the in-process backend through the bridge, a virtual phone completes
 * steps 1-6 against the app, the window's bounds survive a restart, a second launch leaves the
 * first in charge, and quitting releases the ports. Everything stays on loopback: the device
 * listener is bound to 127.0.0.1 (DESKPHONE_DEVICE_HOST).
 *
 * Here (no Electron binary) every test skips and says why; see support/electronApp.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { watch } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { createApiClient } from '../../shared/api/client';
import { DESKTOP_APP_ORIGIN, type DeskphoneBridge } from '../../shared/api/bridge';
import { enroll } from '../../electron/sim/enroll';
import { runPhones } from '../../electron/sim/runner';
import { FIRST_RUN_FILE } from '../../electron/desktop/firstRun';
import { WINDOW_STATE_FILE } from '../../electron/desktop/windowState';
import { findDesktopApp, ROOT } from './support/electronApp';
import { freePort } from '../support/freePort';

const found = findDesktopApp();
const skip = 'reason' in found ? `desktop app not runnable here: ${found.reason}` : false;
if (skip) console.log(`# electron e2e skipped: ${skip}`);

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

interface Session {
  app: ElectronApplication;
  page: Page;
}

let userData = '';
let devicePort = 0;

function appEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return { ...env, DESKPHONE_USER_DATA: userData, DESKPHONE_DEVICE_HOST: '127.0.0.1', DESKPHONE_DEVICE_PORT: String(devicePort) };
}

async function launch(): Promise<Session> {
  if ('reason' in found) throw new Error(found.reason);
  const app = await _electron.launch({ executablePath: found.executablePath, args: found.args, cwd: ROOT, env: appEnv(), timeout: 60_000 });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}

test.before(async () => {
  if (skip) return;
  if (!('reason' in found) && !found.packaged) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'build', 'build.ts')], { cwd: ROOT, stdio: 'inherit' });
    assert.equal(r.status, 0, 'npm run build');
  }
  userData = await mkdtemp(join(tmpdir(), 'dp-electron-'));
  devicePort = await freePort();
  // The first-run dialog is modal; it has its own unit tests. Here it was acknowledged already.
  await writeFile(join(userData, FIRST_RUN_FILE), JSON.stringify({ firewallAcknowledgedPort: devicePort }));
});

test.after(async () => {
  if (userData) await rm(userData, { recursive: true, force: true });
});

test('the window opens on the app\u2019s own page, isolated, with the bridge and nothing else', { skip }, async () => {
  const { app, page } = await launch();
  try {
    assert.ok(page.url().startsWith(`${DESKTOP_APP_ORIGIN}/`), page.url());
    assert.equal(await page.title(), 'Deskphone Provisioner');
    const shape = await page.evaluate(() => ({
      bridge: Object.keys((window as unknown as { deskphone: object }).deskphone).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    assert.deepEqual(shape.bridge, ['acknowledgeFirstRun', 'getConnection', 'getFirstRun', 'platform', 'version']);
    assert.equal(shape.require, 'undefined');
    assert.equal(shape.process, 'undefined');
    const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    assert.match(csp ?? '', /script-src 'self'/);
    await page.evaluate(() => window.open('https://example.invalid/', '_blank'));
    assert.equal(app.windows().length, 1, 'no second window');
  } finally {
    await app.close();
  }
});

test('the page reaches the backend through the bridge, and a virtual phone completes the flow', { skip }, async () => {
  const { app, page } = await launch();
  try {
    const conn = await page.evaluate(() => (window as unknown as { deskphone: DeskphoneBridge }).deskphone.getConnection());
    const status = await page.evaluate(
      async (c) => (await fetch(`${c.adminUrl}/api/v1/info`, { headers: { Authorization: `Bearer ${c.adminToken}` } })).status,
      conn,
    );
    assert.equal(status, 200, 'the page on app://deskphone reads the loopback admin API (CORS, local network access)');
    const api = createApiClient({
      baseUrl: conn.adminUrl,
      token: conn.adminToken,
      fetch: fetch as never,
    });
    const info = await api.info();
    assert.equal(info.deviceBaseUrl, `http://127.0.0.1:${devicePort}`);
    const phones = await enroll(api, { count: 1, start: 900 });
    const summary = await runPhones(phones, { rpsUrl: info.rpsUrl });
    assert.equal(summary.failed, 0, JSON.stringify(summary.results.map((r) => r.reason)));
    const [phone] = await api.listPhones();
    assert.ok(phone, 'the phone is in the app');
    assert.ok(
      ['6', '7'].some((s) => phone.flow.steps[s as '6']?.outcome === 'ok'),
      JSON.stringify(phone.flow),
    );
  } finally {
    await app.close();
  }
});

/** Resolves once the file (written whole, by rename) holds what `check` wants; the folder is watched from the start. */
function whenSaved(file: string, check: (saved: { width?: number; height?: number }) => boolean, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dirname(file));
    const finish = (error?: Error) => {
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${file}`)), timeoutMs);
    const look = () =>
      void readFile(file, 'utf8').then(
        (text) => {
          try {
            if (check(JSON.parse(text) as { width?: number; height?: number })) finish();
          } catch {
            // Not whole yet: the next change says more.
          }
        },
        () => undefined,
      );
    watcher.on('change', look);
    watcher.on('error', (error) => finish(error));
    look();
  });
}

test('the window\u2019s bounds survive a restart; a second launch exits and leaves the first', { skip }, async () => {
  if ('reason' in found) return;
  const first = await launch();
  try {
    await first.app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]?.setBounds({ x: 40, y: 50, width: 1000, height: 700 }),
    );
    // The keeper saves a moment after the window stops moving: wait for that write, not a clock.
    await whenSaved(join(userData, WINDOW_STATE_FILE), (s) => s.width === 1000 && s.height === 700);
    const second = spawn(found.executablePath, found.args, { cwd: ROOT, env: appEnv(), stdio: 'ignore' });
    const [code] = (await once(second, 'exit')) as [number];
    assert.equal(code, 0, 'the second instance quits by itself');
    assert.equal(first.app.windows().length, 1);
  } finally {
    await first.app.close();
  }
  const saved = JSON.parse(await readFile(join(userData, WINDOW_STATE_FILE), 'utf8')) as { width: number; height: number };
  assert.equal(saved.width, 1000);
  assert.equal(saved.height, 700);
  const again = await launch();
  try {
    const b = await again.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getBounds());
    assert.equal(b?.width, 1000);
    assert.equal(b?.height, 700);
  } finally {
    await again.app.close();
  }
});

test('quitting stops the servers and releases the device port', { skip }, async () => {
  const { app } = await launch();
  assert.equal(await portFree(devicePort), false);
  await app.close();
  assert.equal(await portFree(devicePort), true);
});
