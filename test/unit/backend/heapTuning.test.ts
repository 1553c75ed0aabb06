/** The server's heap settings: which flags, and what the idle collector does at a tick. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEAP_FLAGS, heapFlagsFrom, IDLE_GROWN_BYTES, idleAction, YOUNG_TARGET_BYTES } from '../../../electron/backend/heapTuning';

const quiet = { busy: 0.01, grownBytes: 0, youngBytes: YOUNG_TARGET_BYTES, shrinkTriesLeft: 0 };

test('the idle collector gives memory back only when the process is quiet and the heap grew enough', () => {
  assert.equal(idleAction({ ...quiet, grownBytes: IDLE_GROWN_BYTES }), 'reduce');
  assert.equal(idleAction({ ...quiet, grownBytes: IDLE_GROWN_BYTES - 1 }), 'none');
  assert.equal(idleAction({ ...quiet, busy: 0.5, grownBytes: 10 * IDLE_GROWN_BYTES }), 'none');
});

test('a young generation V8 kept large is shrunk again at quiet moments, a bounded number of times', () => {
  const large = { ...quiet, youngBytes: 32 * 2 ** 20 };
  assert.equal(idleAction({ ...large, shrinkTriesLeft: 2 }), 'shrink');
  assert.equal(idleAction({ ...large, shrinkTriesLeft: 0 }), 'none');
  assert.equal(idleAction({ ...large, shrinkTriesLeft: 2, busy: 0.2 }), 'none');
  assert.equal(idleAction({ ...quiet, shrinkTriesLeft: 2 }), 'none', 'already small');
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
