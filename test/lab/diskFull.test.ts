/**
 * A full disk, for real: the data folder on a small tmpfs mounted by the test (root), filled by a
 * file until the kernel says ENOSPC. Writes through the API are either acknowledged (200) or
 * refused (507 disk_full, with a hint); the journal never keeps a half line; the UI hears of it
 * on the event stream; writes succeed again once space is back; after kill -9 and a restart,
 * the phones found are exactly the phones acknowledged. A first start on a full disk leaves no
 * empty secret.key and starts once there is space.
 */
import assert from 'node:assert/strict';
import { closeSync, ftruncateSync, fstatSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { childOutput } from '../support/childOutput';
import { readyOf, serveChild } from '../support/serveChild';
import { fill, withTmpfs } from './tmpfs';

function eventsOf(ready: Record<string, string>): { seen: { type: string; fault?: { kind: string }; kind?: string }[]; stop(): void } {
  const seen: { type: string; fault?: { kind: string }; kind?: string }[] = [];
  const abort = new AbortController();
  void (async () => {
    const res = await fetch(`${ready['adminUrl']}/api/v1/events`, {
      headers: { Authorization: `Bearer ${ready['adminToken']}` },
      signal: abort.signal,
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const line of block.split('\n')) if (line.startsWith('data: ')) seen.push(JSON.parse(line.slice(6)) as (typeof seen)[number]);
      }
    }
  })().catch(() => undefined);
  return { seen, stop: () => abort.abort() };
}

const macOf = (i: number) => `805ec0${i.toString(16).padStart(6, '0')}`;

async function addPhone(ready: Record<string, string>, i: number): Promise<{ status: number; body: string }> {
  const res = await fetch(`${ready['adminUrl']}/api/v1/phones`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ready['adminToken']}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      mac: macOf(i),
      serial: `SN${i}`,
      model: 'T46U',
      site: `Building ${i} `.padEnd(60, 'x'),
      client: 'c'.repeat(60),
    }),
  });
  return { status: res.status, body: await res.text() };
}

async function listMacs(ready: Record<string, string>): Promise<string[]> {
  const res = await fetch(`${ready['adminUrl']}/api/v1/phones`, { headers: { Authorization: `Bearer ${ready['adminToken']}` } });
  return ((await res.json()) as { mac: string }[]).map((p) => p.mac).sort();
}

/** Every line of a log file is whole JSON; returns them. */
async function wholeLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  if (text === '') return [];
  assert.ok(text.endsWith('\n'), `${path} ends with a whole line`);
  const lines = text.trimEnd().split('\n');
  for (const line of lines) JSON.parse(line);
  return lines;
}

async function journalIsWhole(data: string): Promise<void> {
  const text = await readFile(join(data, 'journal.ndjson'), 'utf8');
  if (text === '') return;
  assert.ok(text.endsWith('\n'), 'the journal ends with a whole line');
  for (const line of text.trimEnd().split('\n')) JSON.parse(line);
}

test('a full disk: acknowledged writes are whole, refused ones answer 507 disk_full, writes resume with space, and kill -9 loses nothing acknowledged', async (t) => {
  await withTmpfs(t, 1024, async (mount) => {
    const data = join(mount, 'data');
    let child = serveChild(data);
    let fillerFd: number | undefined;
    try {
      let ready = await readyOf(child);
      const events = eventsOf(ready);
      const acknowledged = new Set<string>();
      let next = 0;
      for (let i = 0; i < 3; i++) {
        const r = await addPhone(ready, next++);
        assert.equal(r.status, 200, r.body);
        acknowledged.add(macOf(next - 1));
      }
      // Fill the disk, then give back one page: some lines fit, then the disk is full mid-line.
      fillerFd = fill(join(mount, 'filler'));
      ftruncateSync(fillerFd, fstatSync(fillerFd).size - 4096);
      let refused = 0;
      let refusal = '';
      for (let round = 0; round < 40 && refused < 10; round++) {
        // One at a time, then bursts: a burst shares one write (group commit), cut short by the full disk.
        const burst = round % 2 === 0 ? 1 : 8;
        const results = await Promise.all(
          Array.from({ length: burst }, () => next++).map(async (i) => ({ i, r: await addPhone(ready, i) })),
        );
        for (const { i, r } of results) {
          if (r.status === 200) acknowledged.add(macOf(i));
          else {
            assert.equal(r.status, 507, r.body);
            refused++;
            refusal = r.body;
          }
        }
        await journalIsWhole(data);
      }
      assert.ok(refused >= 10, `the full disk refused writes (${refused})`);
      const body = JSON.parse(refusal) as { error: { code: string; message: string; hint?: string } };
      assert.equal(body.error.code, 'disk_full');
      assert.match(body.error.hint ?? '', /Free some space/);
      // A refused write is not in memory either: the list is what was acknowledged.
      assert.deepEqual(await listMacs(ready), [...acknowledged].sort());
      assert.ok(
        events.seen.some((e) => e.type === 'fault' && e.fault?.kind === 'disk_full'),
        'the UI hears of the full disk',
      );
      const ackedWhileFull = acknowledged.size;
      // The audit log on the full disk: refused RPS lookups are logged, their lines cannot be written yet.
      for (let i = 0; i < 5; i++) await fetch(`${ready['rpsUrl']}?mac=0011220000${i}0&serial=x`);
      await new Promise((r) => setTimeout(r, 600));
      await wholeLines(join(data, 'audit', 'audit.ndjson'));

      // Space is back: writes succeed again at once.
      closeSync(fillerFd);
      fillerFd = undefined;
      await rm(join(mount, 'filler'));
      for (let i = 0; i < 5; i++) {
        const r = await addPhone(ready, next++);
        assert.equal(r.status, 200, r.body);
        acknowledged.add(macOf(next - 1));
      }
      assert.ok(
        events.seen.some((e) => e.type === 'fault-cleared' && e.kind === 'disk_full'),
        'the banner is taken down',
      );
      events.stop();

      // Killed without warning, then started again: acknowledged == found.
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      child = serveChild(data);
      ready = await readyOf(child);
      const found = await listMacs(ready);
      assert.deepEqual(found, [...acknowledged].sort());
      process.stdout.write(
        `disk full: ${ackedWhileFull} acknowledged before space ran out or while it did, ${refused} refused with 507, ${acknowledged.size} acknowledged, ${found.length} found after kill -9\n`,
      );
    } finally {
      if (fillerFd !== undefined) closeSync(fillerFd);
      child.kill('SIGKILL');
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
    }
  });
});

test('a first start on a full disk leaves no empty secret.key, and the next start with space works', async (t) => {
  await withTmpfs(t, 256, async (mount) => {
    const data = join(mount, 'data');
    const fillerFd = fill(join(mount, 'filler'));
    try {
      const first = await childOutput(serveChild(data));
      assert.notEqual(first.code, 0, 'no start on a full disk');
      for (const name of await readdir(data).catch(() => [] as string[])) {
        const info = await stat(join(data, name));
        if (info.isFile()) assert.ok(info.size > 0 || name === 'journal.ndjson', `${name} is not left empty`);
        assert.doesNotMatch(name, /\.tmp$/, 'no temporary file is left');
      }
    } finally {
      closeSync(fillerFd);
      await rm(join(mount, 'filler'));
    }
    const child = serveChild(data);
    try {
      const ready = await readyOf(child);
      assert.equal(ready['event'], 'ready');
      const key = await readFile(join(data, 'secret.key'), 'utf8');
      assert.equal(Buffer.from(key.trim(), 'base64').length, 32);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
