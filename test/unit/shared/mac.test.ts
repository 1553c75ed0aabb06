import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMac, parseLooseMac, parseMac } from '../../../shared/mac';

test('parseMac accepts every common spelling and stores one canonical form', () => {
  for (const spelling of ['80:5E:C0:11:22:33', '80-5e-c0-11-22-33', '805ec0112233', '805e.c011.2233', ' 805EC0112233 ']) {
    assert.equal(parseMac(spelling), '805ec0112233', spelling);
  }
});

test('parseMac rejects malformed addresses', () => {
  for (const bad of [
    '',
    '80:5E:C0:11:22',
    '80:5E:C0:11:22:33:44',
    '80:5E-C0:11:22:33',
    'zz5ec0112233',
    '805ec011223',
    '805e.c011.22334',
    '../etc/passwd',
  ]) {
    assert.equal(parseMac(bad), null, bad);
  }
});

test('formatMac shows colon-separated upper case', () => {
  const mac = parseMac('805ec0112233');
  assert.ok(mac);
  assert.equal(formatMac(mac), '80:5E:C0:11:22:33');
  assert.equal(formatMac(mac, '-'), '80-5E-C0-11-22-33');
});

test('parseLooseMac reads macOS one-digit octets', () => {
  assert.equal(parseLooseMac('0:4:f2:1:a:33'), '0004f2010a33');
  assert.equal(parseLooseMac('00:04:f2:01:0a:33'), '0004f2010a33');
});
