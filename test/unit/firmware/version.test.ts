import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareVersions, isVersion } from '../../../shared/firmware/version';

test('versions compare part by part as numbers', () => {
  assert.ok(compareVersions('108.86.0.20', '108.86.0.90') < 0);
  assert.ok(compareVersions('108.86.0.100', '108.86.0.90') > 0);
  assert.equal(compareVersions('10.1.184.15', '10.1.184.15'), 0);
  assert.ok(compareVersions('5.9.7.4477', '5.10.0.1') < 0);
  assert.equal(compareVersions('2.12.20', '2.12.20.0'), 0);
  assert.ok(compareVersions('1.0.11.79', '1.0.11.8') > 0);
});

test('lettered parts compare as text, after the numbers before them', () => {
  assert.ok(compareVersions('P0.18.23.89-2.4.5.2', 'P0.18.23.89-2.4.6') < 0);
  assert.equal(compareVersions('V1.2', 'v1.2'), 0);
});

test('only text with a number is a version', () => {
  assert.equal(isVersion(''), false);
  assert.equal(isVersion('unknown'), false);
  assert.equal(isVersion('96.86.0.45'), true);
});
