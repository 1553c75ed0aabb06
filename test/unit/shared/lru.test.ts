import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LruMap } from '../../../shared/collections/lru';
import type { Phone } from '../../../shared/domain/phone';
import { RenderCache } from '../../../electron/backend/usecases/renderCache';

test('an LRU map keeps at most its limit, dropping the least recently used first', () => {
  const lru = new LruMap<string, number>(3);
  lru.set('a', 1).set('b', 2).set('c', 3);
  assert.equal(lru.get('a'), 1); // a is now the newest
  lru.set('d', 4);
  assert.equal(lru.size, 3);
  assert.equal(lru.has('b'), false, 'b was the least recently used');
  assert.deepEqual([...lru.keys()], ['c', 'a', 'd']);
});

test('setting an existing key replaces it and makes it the newest without growing', () => {
  const lru = new LruMap<string, number>(2);
  lru.set('a', 1).set('b', 2).set('a', 10).set('c', 3);
  assert.equal(lru.get('a'), 10);
  assert.equal(lru.has('b'), false);
  assert.equal(lru.size, 2);
});

test('an LRU map refuses a limit below 1', () => {
  assert.throws(() => new LruMap(0), RangeError);
});

test("the render cache keeps the most recent phones' files, and starts a phone anew when it or the render epoch changed", () => {
  const cache = new RenderCache(4);
  const phones: Phone[] = Array.from({ length: 10 }, (_, i) => ({ mac: `phone${i}` }) as Phone);
  for (const phone of phones) cache.of(phone, 0).rendered.set('default/acc.cfg', { bytes: Buffer.from('x'), chars: 1, notApplied: 0 });
  assert.equal(cache.size, 4);
  assert.equal(cache.of(phones[9] as Phone, 0).rendered.size, 1, 'the newest phone kept its file');
  assert.equal(cache.of(phones[0] as Phone, 0).rendered.size, 0, 'the oldest was dropped');
  assert.equal(cache.of(phones[9] as Phone, 1).rendered.size, 0, 'a new render epoch starts anew');
  const saved = { mac: 'phone9' } as Phone;
  cache.of(phones[9] as Phone, 1).understood.set('k', {} as never);
  assert.equal(cache.of(saved, 1).understood.size, 0, 'a saved (new) phone object starts anew');
});
