/** The one address normaliser. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainAddress } from '../../../electron/backend/address';

test('an IPv4-mapped IPv6 address reads as plain IPv4; anything else is left as it is', () => {
  assert.equal(plainAddress('::ffff:192.168.1.20'), '192.168.1.20');
  assert.equal(plainAddress('192.168.1.20'), '192.168.1.20');
  assert.equal(plainAddress('fe80::1'), 'fe80::1');
  assert.equal(plainAddress(''), '');
});
