import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainAddress } from '../../../shared/net/address';

test('an IPv4-mapped IPv6 address reads as its IPv4 address; others are unchanged', () => {
  assert.equal(plainAddress('::ffff:10.231.0.7'), '10.231.0.7');
  assert.equal(plainAddress('10.231.0.7'), '10.231.0.7');
  assert.equal(plainAddress('::1'), '::1');
  assert.equal(plainAddress('fe80::1'), 'fe80::1');
  assert.equal(plainAddress(''), '');
});
