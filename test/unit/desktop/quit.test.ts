import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { QuitGate } from '../../../electron/desktop/quit';
import { startTestBackend } from '../../support/backend';

function event() {
  let prevented = 0;
  return {
    preventDefault: () => void prevented++,
    get prevented() {
      return prevented;
    },
  };
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

test('quitting holds the first quit until the real backend has stopped and both ports are free', async () => {
  const backend = await startTestBackend();
  const devicePort = Number(new URL(backend.deviceBaseUrl).port);
  const adminPort = Number(new URL(backend.adminUrl).port);
  assert.equal(await portFree(devicePort), false);
  let quits = 0;
  let stops = 0;
  const done = new Promise<void>((resolve) => {
    const gate = new QuitGate({
      stop: async () => {
        stops++;
        await backend.cleanup();
      },
      quit: () => {
        quits++;
        // Electron fires before-quit again on the real quit: it must now go through.
        const second = event();
        gate.onBeforeQuit(second);
        assert.equal(second.prevented, 0);
        resolve();
      },
    });
    const first = event();
    gate.onBeforeQuit(first);
    assert.equal(first.prevented, 1);
    assert.equal(gate.phase, 'stopping');
    const again = event();
    gate.onBeforeQuit(again); // a second Cmd+Q while stopping
    assert.equal(again.prevented, 1);
  });
  await done;
  assert.equal(stops, 1);
  assert.equal(quits, 1);
  assert.equal(await portFree(devicePort), true, 'device port released');
  assert.equal(await portFree(adminPort), true, 'admin port released');
});

test('a stop that fails or hangs still lets the app quit, and says so', async () => {
  const errors: string[] = [];
  await new Promise<void>((resolve) => {
    const gate = new QuitGate({
      stop: () => Promise.reject(new Error('store busy')),
      quit: resolve,
      onError: (e) => errors.push((e as Error).message),
    });
    gate.onBeforeQuit(event());
  });
  assert.deepEqual(errors, ['store busy']);
  await new Promise<void>((resolve) => {
    const gate = new QuitGate({
      stop: () => new Promise(() => undefined),
      quit: resolve,
      onError: (e) => errors.push((e as Error).message),
      timeoutMs: 30,
    });
    gate.onBeforeQuit(event());
  });
  assert.match(errors[1] ?? '', /too long/);
});
