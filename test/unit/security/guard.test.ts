import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressKey, FailureBuckets } from '../../../electron/backend/usecases/guard/failures';
import { allowedBy } from '../../../electron/backend/usecases/guard/allowList';
import { serialMatches } from '../../../electron/backend/usecases/security';

const policy = { maxFailures: 5, windowMs: 60_000, lockMs: 300_000 };

test('an address is locked out on the failure after the allowed ones, and only that address', () => {
  const b = new FailureBuckets();
  const t = 1_000_000;
  for (let i = 0; i < 5; i++) assert.equal(b.fail('10.0.0.9', policy, t), false);
  assert.equal(b.fail('10.0.0.9', policy, t), true);
  assert.ok(b.lockedFor('10.0.0.9', t + 1000) > 0);
  assert.equal(b.lockedFor('10.0.0.10', t + 1000), 0);
  assert.equal(b.lockedFor('10.0.0.9', t + 300_001), 0, 'the lock-out ends');
  assert.deepEqual(
    b.lockedOut(t).map((l) => l.address),
    ['10.0.0.9'],
  );
});

test('failures spread over the window refill and never lock out', () => {
  const b = new FailureBuckets();
  let t = 0;
  for (let i = 0; i < 100; i++) {
    assert.equal(b.fail('10.0.0.9', policy, t), false, `failure ${i}`);
    t += 12_001; // just slower than 5 per minute
  }
});

test('IPv6 addresses count per /64', () => {
  assert.equal(addressKey('2001:db8:1:2::1'), addressKey('2001:db8:1:2:ffff::9'));
  assert.notEqual(addressKey('2001:db8:1:2::1'), addressKey('2001:db8:1:3::1'));
  assert.equal(addressKey('192.168.1.5'), '192.168.1.5');
  const b = new FailureBuckets();
  for (let i = 0; i <= 5; i++) b.fail(`2001:db8::${i + 1}`, policy, 0);
  assert.ok(b.lockedFor('2001:db8::77', 1) > 0);
});

test('a flood of addresses cannot grow the table without bound', () => {
  const b = new FailureBuckets(1000);
  for (let i = 0; i < 20_000; i++) b.fail(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, policy, i);
  assert.ok(b.size <= 1000, String(b.size));
});

test('the allow-list: empty lets everyone in; otherwise only its IPv4 subnets', () => {
  assert.equal(allowedBy([], '10.1.2.3'), true);
  const list = ['192.168.10.0/24', '10.0.0.0/8'];
  assert.equal(allowedBy(list, '192.168.10.77'), true);
  assert.equal(allowedBy(list, '10.200.1.1'), true);
  assert.equal(allowedBy(list, '192.168.11.1'), false);
  assert.equal(allowedBy(list, '::1'), false);
  assert.equal(allowedBy(list, 'garbage'), false);
});

test('serial check: whole serial, or its last N characters', () => {
  assert.equal(serialMatches('8051A0112233', '8051a0112233', 0), true);
  assert.equal(serialMatches('8051A0112233', '8051A0112234', 0), false);
  assert.equal(serialMatches('12233', '8051A0112233', 5), true, 'technician typed the last 5 digits');
  assert.equal(serialMatches('8051A0112233', 'XXXXXXX12233', 5), true);
  assert.equal(serialMatches('8051A0112233', 'XXXXXXX12234', 5), false);
  assert.equal(serialMatches('8051A0112233', '233', 5), false, 'a short serial does not pass');
  assert.equal(serialMatches('', 'anything', 5), false);
});
