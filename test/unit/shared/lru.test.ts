import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LruMap } from '../../../shared/collections/lru';
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

test('the render cache keeps only the most recent files, and a new render epoch starts the request memo anew', () => {
  const cache = new RenderCache(4);
  for (let i = 0; i < 10; i++) {
    cache.rendered.set(`phone${i}/default/acc.cfg`, { epoch: 0, phone: {} as never, bytes: Buffer.from('x'), chars: 1, notApplied: 0 });
  }
  assert.equal(cache.rendered.size, 4);
  assert.ok(cache.rendered.has('phone9/default/acc.cfg'));
  const memo = cache.requestsAt(1);
  memo.set('k', {} as never);
  assert.equal(cache.requestsAt(1).size, 1);
  assert.equal(cache.requestsAt(2).size, 0);
});
