import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRange } from '../../../electron/backend/firmware/deviceRoute';
import { firmwareBytesPerSecond, Pacer } from '../../../electron/backend/firmware/pacer';

test('Range headers: one range, open-ended, suffix; past the end is unsatisfiable; other forms get the whole file', () => {
  assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=900-', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=900-5000', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=-5000', 1000), { start: 0, end: 999 });
  assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
  assert.equal(parseRange('bytes=-0', 1000), 'unsatisfiable');
  assert.equal(parseRange(undefined, 1000), undefined);
  assert.equal(parseRange('bytes=0-1,5-6', 1000), undefined);
  assert.equal(parseRange('items=0-1', 1000), undefined);
  assert.equal(parseRange('bytes=50-10', 1000), undefined);
});

test('the firmware budget lets chunks through while it has bytes, then makes them wait in order', async () => {
  const pacer = new Pacer(10 * 1024 * 1024);
  assert.equal(pacer.take(pacer.burst * 2), undefined, 'a full budget lets a chunk through, even one that overdraws it');
  const order: number[] = [];
  const waits = [1, 2, 3].map((n) => {
    const w = pacer.take(64 * 1024);
    assert.ok(w instanceof Promise, 'an empty budget makes a chunk wait');
    return w.then(() => order.push(n));
  });
  await Promise.all(waits);
  assert.deepEqual(order, [1, 2, 3]);
});

test('the budget is 400 Mbit/s unless DESKPHONE_FIRMWARE_MBITS sets another', () => {
  assert.equal(firmwareBytesPerSecond({}), 50_000_000);
  assert.equal(firmwareBytesPerSecond({ DESKPHONE_FIRMWARE_MBITS: '100' }), 12_500_000);
  assert.equal(firmwareBytesPerSecond({ DESKPHONE_FIRMWARE_MBITS: 'fast' }), 50_000_000);
});
