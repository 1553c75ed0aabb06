/**
 * The re-provision window on its own: it lets one phone's own address past the lock until its
 * end, nobody else, never after, and closing it ends it at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReprovisionWindows } from '../../../electron/backend/usecases/reprovisionWindow';

const MAC = '805ec0112233';

test('open for one address until its end: that address only, the phone only', () => {
  const w = new ReprovisionWindows();
  w.open(MAC, '10.0.0.5', 1000, 0);
  assert.equal(w.isOpen(MAC, '10.0.0.5', 999), true);
  assert.equal(w.isOpen(MAC, '10.0.0.6', 500), false, 'another address');
  assert.equal(w.isOpen('805ec0999999', '10.0.0.5', 500), false, 'another phone');
  assert.equal(w.isOpen(MAC, '10.0.0.5', 1000), false, 'at its end');
  assert.equal(w.get(MAC, 500), undefined, 'gone once passed');
});

test('closing ends it at once; a new one replaces the last', () => {
  const w = new ReprovisionWindows();
  w.open(MAC, '10.0.0.5', 1000, 0);
  assert.equal(w.close(MAC)?.address, '10.0.0.5');
  assert.equal(w.isOpen(MAC, '10.0.0.5', 1), false);
  assert.equal(w.close(MAC), undefined, 'nothing left to close');
  w.open(MAC, '10.0.0.5', 1000, 0);
  w.open(MAC, '10.0.0.7', 2000, 10);
  assert.equal(w.isOpen(MAC, '10.0.0.5', 20), false);
  assert.equal(w.isOpen(MAC, '10.0.0.7', 1500), true);
});
