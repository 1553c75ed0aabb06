/** The server's heap settings: which flags, and when the idle collector collects. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEAP_FLAGS, heapFlagsFrom, IDLE_GROWN_BYTES, shouldCollect } from '../../../electron/backend/heapTuning';

test('the idle collector collects only when the process is quiet and the heap grew enough', () => {
  assert.equal(shouldCollect({ busy: 0.01, grownBytes: IDLE_GROWN_BYTES }), true);
  assert.equal(shouldCollect({ busy: 0.01, grownBytes: IDLE_GROWN_BYTES - 1 }), false);
  assert.equal(shouldCollect({ busy: 0.5, grownBytes: 10 * IDLE_GROWN_BYTES }), false);
});

test('the heap flags are the defaults unless DP_HEAP_FLAGS names others; nothing but flags passes', () => {
  assert.deepEqual(heapFlagsFrom({}), [...HEAP_FLAGS]);
  assert.deepEqual(heapFlagsFrom({ DP_HEAP_FLAGS: '' }), []);
  assert.deepEqual(heapFlagsFrom({ DP_HEAP_FLAGS: ' --heap-growing-percent=30  --optimize-for-size ' }), [
    '--heap-growing-percent=30',
    '--optimize-for-size',
  ]);
  assert.deepEqual(heapFlagsFrom({ DP_HEAP_FLAGS: 'rm -rf / --x=1;echo' }), []);
});
