/**
 * One writer per data folder, with real processes: a second `serve` on the same folder refuses
 * to start, naming the first (PID, how it was started), and exits non-zero within 5 s; a lock
 * left by a process killed with SIGKILL does not block the next start.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childOutput } from '../support/childOutput';
import { LOCK_FILE } from '../../electron/backend/store/dataLock';
import { readyOf, serveChild } from '../support/serveChild';

async function addPhone(ready: Record<string, string>, mac: string): Promise<number> {
  const res = await fetch(`${ready['adminUrl']}/api/v1/phones`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ready['adminToken']}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ mac, serial: 'SN1', model: 'T46U' }),
  });
  return res.status;
}

test('a second instance on the same data folder refuses to start and names the first; a killed one does not block', async () => {
  const data = await mkdtemp(join(tmpdir(), 'dp-lock-'));
  const first = serveChild(data);
  let third: ChildProcessWithoutNullStreams | undefined;
  try {
    const ready = await readyOf(first);
    assert.equal(ready['event'], 'ready');
    assert.equal(await addPhone(ready, '805ec0000001'), 200);
    const lock = JSON.parse(await readFile(join(data, LOCK_FILE), 'utf8')) as { pid: number; startedBy: string };
    assert.equal(lock.pid, first.pid);

    const started = Date.now();
    const second = await childOutput(serveChild(data));
    const tookMs = Date.now() - started;
    assert.notEqual(second.code, 0, 'the second instance exits non-zero');
    assert.ok(tookMs < 5000, `it stopped within 5 s (took ${tookMs} ms)`);
    assert.doesNotMatch(second.stdout, /"event":"ready"/);
    const error = JSON.parse(second.stderr.trim().split('\n').at(-1) as string) as { event: string; message: string };
    assert.equal(error.event, 'error');
    assert.match(error.message, new RegExp(`PID ${first.pid}\\b`));
    assert.match(error.message, /headless \(npm run serve\)/);
    assert.match(error.message, /--data/);

    // The first one goes on, untouched.
    assert.equal(await addPhone(ready, '805ec0000002'), 200);

    // Killed without a chance to let go: its lock is stale, and the next start takes over.
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    third = serveChild(data);
    const again = await readyOf(third);
    const phones = (await (
      await fetch(`${again['adminUrl']}/api/v1/phones`, { headers: { Authorization: `Bearer ${again['adminToken']}` } })
    ).json()) as {
      mac: string;
    }[];
    assert.deepEqual(phones.map((p) => p.mac).sort(), ['805ec0000001', '805ec0000002']);
    const lockNow = JSON.parse(await readFile(join(data, LOCK_FILE), 'utf8')) as { pid: number };
    assert.equal(lockNow.pid, third.pid);
    third.kill('SIGTERM');
    await new Promise((r) => third?.once('exit', r));
    await assert.rejects(readFile(join(data, LOCK_FILE)), /ENOENT/, 'a clean stop lets go of the lock');
  } finally {
    first.kill('SIGKILL');
    third?.kill('SIGKILL');
    await rm(data, { recursive: true, force: true });
  }
});
