/** The store owns mutation: its in-memory hot-path operations, and state that is read-only to callers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOURNAL_FILE, Store } from '../../../electron/backend/store/store';
import type { Device } from '../../../shared/domain/inventory';
import type { StepEvent } from '../../../shared/flow/steps';

const device: Device = {
  mac: '001565000001',
  ip: '10.0.0.5',
  vendor: 'Yealink',
  model: 'T54W',
  firmware: '',
  serial: '',
  userAgent: '',
  isPhone: true,
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-01-01T00:00:00.000Z',
  sources: { provisioning: '2026-01-01T00:00:00.000Z' },
  calledIn: false,
};

const event = (seq: number, step: StepEvent['step']): StepEvent => ({
  seq,
  mac: device.mac,
  step,
  at: '2026-01-01T00:00:00.000Z',
  outcome: 'ok',
  ip: '10.0.0.5',
  userAgent: 'ua',
});

async function journalLines(dir: string): Promise<number> {
  const text = await readFile(join(dir, JOURNAL_FILE), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).length;
}

test('touchDevice and foldTimeline change what callers read, in memory only: nothing is journalled', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-store-hot-'));
  const store = await Store.open(dir);
  try {
    await store.commit([{ op: 'putDevice', device }, ...[1, 2, 3].map((n) => ({ op: 'appendEvent' as const, event: event(n, 5) }))]);
    const before = await journalLines(dir);

    const moved = { ...device, lastSeen: '2026-01-01T00:00:05.000Z' };
    store.touchDevice(moved);
    assert.equal(store.state.devices.get(device.mac), moved);
    assert.equal(device.lastSeen, '2026-01-01T00:00:00.000Z', 'the caller’s object is not changed');

    const folded = { ...event(1, 5), detail: { repeats: 2 } };
    store.foldTimeline(device.mac, new Map([[0, folded]]), 2);
    assert.deepEqual(
      store.state.timelines.get(device.mac)?.map((e) => [e.seq, e.detail?.['repeats']]),
      [
        [1, 2],
        [2, undefined],
      ],
    );
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(await journalLines(dir), before, 'hot-path changes do not write the journal');
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('the state is read-only to callers: the compiler refuses changes made around the store', () => {
  const check = (store: Store) => {
    // @ts-expect-error a ReadonlyMap has no set
    store.state.devices.set(device.mac, device);
    // @ts-expect-error a ReadonlyMap has no delete
    store.state.phones.delete(device.mac);
    // @ts-expect-error timelines are readonly arrays
    store.state.timelines.get(device.mac)?.push(event(9, 5));
    // @ts-expect-error a stored event is replaced, never changed in place
    store.state.timelines.get(device.mac)![0]!.detail = {};
  };
  assert.equal(typeof check, 'function');
});

test('intern hands back the text it is given, before and after its table is emptied', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-intern-'));
  const store = await Store.open(dir);
  const ua = ['Yealink SIP-T54W', '96.86.0.100'].join(' ');
  assert.equal(store.intern(ua), 'Yealink SIP-T54W 96.86.0.100');
  assert.equal(store.intern(ua.slice(0)), ua);
  for (let i = 0; i < 20_001; i++) assert.equal(store.intern(`10.0.${i >> 8}.${i & 255}`), `10.0.${i >> 8}.${i & 255}`);
  assert.equal(store.intern(ua), ua);
  await store.close();
  await rm(dir, { recursive: true, force: true });
});
