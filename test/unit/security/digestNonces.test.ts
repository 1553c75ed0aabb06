/** Digest nonces: bound to one phone, each count used once (a small window for parallel requests), stale after their lifetime. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DigestNonces } from '../../../electron/backend/usecases/digestNonces';

const A = '001565aabb01';
const B = '001565aabb02';
const nc = (n: number) => n.toString(16).padStart(8, '0');

test('a nonce is good only for the phone it was issued for', () => {
  const nonces = new DigestNonces();
  const nonce = nonces.issue(A, 1000);
  assert.equal(nonces.check(nonce, B, nc(1), 1000), 'bad');
  assert.equal(nonces.check(nonce, A, nc(1), 1000), 'ok');
  assert.equal(
    nonces.check(
      nonce.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')),
      A,
      nc(2),
      1000,
    ),
    'bad',
    'a forged signature',
  );
});

test('two nonces issued in the same millisecond differ, and each stays good only with its own stamp', () => {
  const nonces = new DigestNonces();
  const first = nonces.issue(A, 1000);
  const second = nonces.issue(A, 1000);
  assert.notEqual(first, second);
  assert.equal(nonces.check(first, A, nc(1), 1000), 'ok');
  assert.equal(nonces.check(second, A, nc(1), 1000), 'ok');
  const [stampOfFirst] = first.split('.');
  const [, sigOfSecond] = second.split('.');
  assert.equal(nonces.check(`${stampOfFirst}.${sigOfSecond}`, A, nc(2), 1000), 'bad', "one nonce's stamp with the other's signature");
});

test('each count is used once and counts grow; a little disorder (parallel fetches) is accepted', () => {
  const nonces = new DigestNonces();
  const nonce = nonces.issue(A, 0);
  assert.equal(nonces.check(nonce, A, nc(1), 10), 'ok');
  assert.equal(nonces.check(nonce, A, nc(1), 20), 'replayed', 'the same answer again');
  assert.equal(nonces.check(nonce, A, nc(3), 30), 'ok');
  assert.equal(nonces.check(nonce, A, nc(2), 40), 'ok', 'nc 2 arriving after nc 3');
  assert.equal(nonces.check(nonce, A, nc(2), 50), 'replayed');
  assert.equal(nonces.check(nonce, A, nc(40), 60), 'ok');
  assert.equal(nonces.check(nonce, A, nc(5), 70), 'replayed', 'far below the highest count');
  // The RFC 2069 form (no nc) may use a nonce once.
  const old = nonces.issue(A, 100);
  assert.equal(nonces.check(old, A, undefined, 100), 'ok');
  assert.equal(nonces.check(old, A, undefined, 101), 'replayed');
});

test('past its lifetime a nonce is stale (the client retries with a new one)', () => {
  const nonces = new DigestNonces(60_000);
  const nonce = nonces.issue(A, 0);
  assert.equal(nonces.check(nonce, A, nc(1), 60_000), 'ok');
  assert.equal(nonces.check(nonce, A, nc(2), 60_001), 'stale');
  assert.equal(nonces.check(nonces.issue(A, 100_000), A, nc(1), 90_000), 'bad', 'issued too far in the future');
});

test('the memory of used nonces is bounded; what it forgets turns stale, never replayable', () => {
  const nonces = new DigestNonces(3_600_000, 100);
  const first = nonces.issue(A, 0);
  assert.equal(nonces.check(first, A, nc(1), 0), 'ok');
  for (let i = 1; i <= 150; i++) assert.equal(nonces.check(nonces.issue(A, i), A, nc(1), i), 'ok');
  assert.ok(nonces.size <= 100, `${nonces.size} tracked`);
  assert.equal(nonces.check(first, A, nc(1), 200), 'stale', 'forgotten: refused as stale, not accepted again');
});
