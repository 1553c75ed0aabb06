/** The snapshot file: gzip-compressed JSON encoded piece by piece; the plain JSON of older versions still loads. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scratchDir } from '../../support/scratch';
import { gzipSync } from 'node:zlib';
import { decodeSnapshot, encodeSnapshot, isGzip, jsonPieces } from '../../../electron/backend/store/snapshotFile';
import { SNAPSHOT_FILE, Store, StoreLoadError } from '../../../electron/backend/store/store';
import { account } from './storeFixtures';
import type { StepEvent } from '../../../shared/flow/steps';

const event = (seq: number, mac: string): StepEvent => ({
  seq,
  mac,
  step: 5,
  at: '2026-01-01T00:00:00.000Z',
  outcome: 'ok',
  ip: '10.0.0.5',
  userAgent: 'Yealink SIP-T54W 96.86.0.100',
});

const doc = {
  schemaVersion: 1,
  opSeq: 12,
  skipped: undefined,
  phones: [{ mac: 'a', keys: [1, 2, { label: 'é "q" \u2028' }] }, { mac: 'b' }],
  empty: [],
  settings: { nested: { deep: [1, 'two'] }, gone: undefined },
  timelines: { a: [{ seq: 1 }], b: [] },
  text: 'plain',
};

test('the pieces of a snapshot joined are exactly its JSON', () => {
  assert.equal([...jsonPieces(doc)].join(''), JSON.stringify(doc));
  assert.equal([...jsonPieces({})].join(''), '{}');
});

test('a snapshot encoded is gzip and decodes to the same JSON', async () => {
  const phones = Array.from({ length: 3000 }, (_, i) => ({ mac: `00156500${String(i).padStart(4, '0')}`, label: `Phone ${i}`, keys: [] }));
  const big = { ...doc, phones };
  const bytes = await encodeSnapshot(big);
  assert.ok(isGzip(bytes));
  assert.ok(bytes.length < JSON.stringify(big).length / 4, `compressed ${bytes.length} bytes`);
  assert.equal(await decodeSnapshot(bytes), JSON.stringify(big));
  // Plain JSON (every snapshot written before) passes through.
  assert.equal(await decodeSnapshot(Buffer.from('{"a":1}')), '{"a":1}');
  assert.equal(await decodeSnapshot(gzipSync('{"b":2}')), '{"b":2}');
});

test('the store writes its snapshot compressed and reads it back', async () => {
  const dir = scratchDir('dp-snap-');
  const store = await Store.open(dir);
  await store.commit([
    { op: 'putAccount', account: account(1) },
    { op: 'appendEvent', event: event(1, 'm1') },
  ]);
  await store.close();
  assert.ok(isGzip(await readFile(join(dir, SNAPSHOT_FILE))));
  const reopened = await Store.open(dir);
  assert.deepEqual([...reopened.state.accounts.keys()], ['acc-1']);
  assert.deepEqual(reopened.state.timelines.get('m1'), [event(1, 'm1')]);
  await reopened.close();
});

test('a plain JSON snapshot of an older version loads, and is compressed at its next snapshot', async () => {
  const dir = scratchDir('dp-snap-');
  const old = {
    schemaVersion: 1,
    opSeq: 3,
    eventSeq: 1,
    phones: [],
    accounts: [account(4)],
    rules: [],
    settings: {},
    devices: [],
    timelines: { m4: [event(1, 'm4')] },
  };
  await writeFile(join(dir, SNAPSHOT_FILE), JSON.stringify(old));
  const store = await Store.open(dir);
  assert.deepEqual([...store.state.accounts.keys()], ['acc-4']);
  assert.equal(store.state.timelines.get('m4')?.length, 1);
  await store.close();
  const bytes = await readFile(join(dir, SNAPSHOT_FILE));
  assert.ok(isGzip(bytes));
  assert.equal((JSON.parse(await decodeSnapshot(bytes)) as { opSeq: number }).opSeq, 3);
});

test('a damaged compressed snapshot is refused with a clear message and left untouched', async () => {
  const dir = scratchDir('dp-snap-');
  const damaged = Buffer.concat([gzipSync('{"schemaVersion":1}').subarray(0, 12), Buffer.from('xx')]);
  await writeFile(join(dir, SNAPSHOT_FILE), damaged);
  await assert.rejects(Store.open(dir), (e: Error) => e instanceof StoreLoadError && /compressed snapshot is damaged/.test(e.message));
  assert.deepEqual(await readFile(join(dir, SNAPSHOT_FILE)), damaged);
});

test('events recorded while a snapshot is being encoded are neither lost nor doubled', async () => {
  const dir = scratchDir('dp-snap-');
  const store = await Store.open(dir);
  // Enough that encoding takes several turns of the event loop (1000 phones, 15 events each).
  let seq = 0;
  const next = () => {
    seq += 1;
    store.record({ op: 'appendEvent', event: event(seq, `m${seq % 1000}`) });
  };
  for (let i = 0; i < 15_000; i++) next();
  let done = false;
  const compacting = store.compact().finally(() => (done = true));
  let during = 0;
  while (!done) {
    next();
    during++;
    await new Promise((r) => setImmediate(r));
  }
  await compacting;
  assert.ok(during > 2, `${during} events recorded while compacting`);
  await new Promise((r) => setTimeout(r, 100));
  // As if the process died now: snapshot plus journal.
  const reopened = await Store.open(dir);
  const seqs = [...reopened.state.timelines.values()].flat().map((e) => e.seq);
  assert.equal(seqs.length, seq);
  assert.equal(new Set(seqs).size, seq);
  await reopened.close();
  await store.close();
});
