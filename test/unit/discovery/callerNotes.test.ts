/** The bounds on noting callers: once per address per window, and a map that never grows past its cap. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALLER_WINDOW_MS, CallerNotes, MAX_LOOKUPS_IN_FLIGHT, MAX_TRACKED_CALLERS } from '../../../electron/backend/usecases/callers';

test('one note per address per window; another address is not held back', () => {
  const notes = new CallerNotes(30_000, 16);
  assert.equal(notes.admit('10.0.0.5', 0), true);
  assert.equal(notes.admit('10.0.0.5', 1), false);
  assert.equal(notes.admit('10.0.0.5', 29_999), false);
  assert.equal(notes.admit('10.0.0.6', 29_999), true);
  assert.equal(notes.admit('10.0.0.5', 30_000), true, 'the window is over');
  assert.deepEqual([notes.admitted, notes.dropped], [3, 2]);
});

test('the address map is bounded: a flood of addresses forgets the oldest, never holds more than the cap', () => {
  const notes = new CallerNotes(30_000, 100);
  for (let i = 0; i < 10_000; i++) assert.equal(notes.admit(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 1000), true);
  assert.equal(notes.tracked, 100);
  // The newest are still remembered; the first ones were forgotten and may be noted again.
  assert.equal(notes.admit('10.0.39.15', 1001), false, '10.0.39.15 is the 10,000th address');
  assert.equal(notes.admit('10.0.0.0', 1001), true);
  assert.equal(notes.tracked, 100);
});

test('a re-noted address moves to the back of the queue', () => {
  const notes = new CallerNotes(10, 2);
  notes.admit('a', 0);
  notes.admit('b', 5);
  notes.admit('a', 20); // window over: noted again, now the newest
  notes.admit('c', 21); // evicts b, the oldest
  assert.equal(notes.admit('a', 22), false);
  assert.equal(notes.admit('b', 22), true);
});

test('the defaults: 30 s per address, 1024 addresses, 2 lookups at once', () => {
  const notes = new CallerNotes();
  assert.deepEqual([notes.windowMs, notes.maxTracked, notes.maxInFlight], [CALLER_WINDOW_MS, MAX_TRACKED_CALLERS, MAX_LOOKUPS_IN_FLIGHT]);
  assert.deepEqual([CALLER_WINDOW_MS, MAX_TRACKED_CALLERS, MAX_LOOKUPS_IN_FLIGHT], [30_000, 1024, 2]);
});
