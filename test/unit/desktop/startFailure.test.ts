import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describeStartFailure } from '../../../electron/desktop/startFailure';
import { startTestBackend } from '../../support/backend';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataLock } from '../../../electron/backend/store/dataLock';

test('a device port already taken is explained with the port and what to do (real EADDRINUSE)', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const error = await startTestBackend({ port }).then(
      async (b) => {
        await b.cleanup();
        return undefined;
      },
      (e: unknown) => e,
    );
    assert.ok(error, 'the backend refused to start');
    const f = describeStartFailure(error, port, '/data');
    assert.match(f.title, /in use/);
    assert.match(f.message, new RegExp(`TCP port ${port}`));
    assert.match(f.message, /start Deskphone Provisioner again/);
  } finally {
    blocker.close();
  }
});

test('other failures say what happened and where the data is, never a stack', () => {
  const listenDenied = describeStartFailure(Object.assign(new Error('listen EACCES'), { code: 'EACCES', syscall: 'listen' }), 80, '/d');
  assert.match(listenDenied.message, /TCP port 80/);
  const dataDenied = describeStartFailure(Object.assign(new Error('open EACCES'), { code: 'EACCES', syscall: 'open' }), 80, '/d');
  assert.match(dataDenied.message, /cannot write to \/d/);
  const other = describeStartFailure(new Error('store is damaged'), 8080, '/d');
  assert.match(other.message, /store is damaged/);
  assert.doesNotMatch(other.message, /\n\s+at /);
  assert.match(describeStartFailure(undefined, 8080, '/d').message, /unexpected/);
});

test('a data folder held by another process names it: its PID and how it was started (real DataLockedError)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-locked-'));
  const held = await acquireDataLock(dir, 'headless (npm run serve)');
  try {
    const error = await acquireDataLock(dir, 'desktop app').then(
      async (l) => {
        await l.release();
        return undefined;
      },
      (e: unknown) => e,
    );
    assert.equal((error as { code?: string }).code, 'EDATALOCKED');
    const f = describeStartFailure(error, 8080, dir);
    assert.match(f.title, /in use/);
    assert.match(f.message, new RegExp(`PID ${process.pid}, started as headless \\(npm run serve\\)`));
    assert.ok(f.message.includes(dir), 'names the folder');
    assert.match(f.message, /Stop that one first/);
  } finally {
    await held.release();
    await rm(dir, { recursive: true, force: true });
  }
});
