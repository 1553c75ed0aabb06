/** When the registration monitor's next contact-detail read may start: after the burst settles, within a maximum wait, paced by the last read's cost. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETAIL_PACING, nextDetailReadAt } from '../../../electron/backend/amiEvents/detailPacing';

const pacing = { quietMs: 400, maxWaitMs: 5000, minGapMs: 1000, costFactor: 4 };

test('a lone new contact is read once nothing else came for the quiet time', () => {
  assert.equal(nextDetailReadAt({ firstPendingAt: 10_000, lastPendingAt: 10_000 }, pacing), 10_400);
});

test('a burst that goes on moves the read later, but never past the maximum wait from its first contact', () => {
  assert.equal(nextDetailReadAt({ firstPendingAt: 10_000, lastPendingAt: 12_000 }, pacing), 12_400);
  assert.equal(nextDetailReadAt({ firstPendingAt: 10_000, lastPendingAt: 14_900 }, pacing), 15_000);
  assert.equal(nextDetailReadAt({ firstPendingAt: 10_000, lastPendingAt: 60_000 }, pacing), 15_000);
});

test('a cheap last read leaves at least the minimum gap; a costly one keeps the next that many times its duration away', () => {
  // Last read took 50 ms and ended at 10 000: the minimum gap of 1 s rules.
  assert.equal(nextDetailReadAt({ firstPendingAt: 10_100, lastPendingAt: 10_100, lastRead: { endedAt: 10_000, ms: 50 } }, pacing), 11_000);
  // Last read took 800 ms (a large site): the next waits 4 x 800 ms after it ended.
  assert.equal(nextDetailReadAt({ firstPendingAt: 10_100, lastPendingAt: 10_100, lastRead: { endedAt: 10_000, ms: 800 } }, pacing), 13_200);
  // Long after the last read, only the burst's own wait counts.
  assert.equal(nextDetailReadAt({ firstPendingAt: 50_000, lastPendingAt: 50_000, lastRead: { endedAt: 10_000, ms: 800 } }, pacing), 50_400);
});

test('the defaults are the documented ones', () => {
  assert.deepEqual(DEFAULT_DETAIL_PACING, pacing);
});
