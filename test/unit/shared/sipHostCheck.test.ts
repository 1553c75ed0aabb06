import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost, sipHostProblem } from '../../../shared/pbx/sipHostCheck';

test('loopback addresses are recognised, LAN ones are not', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'pbx.localhost', '::1', '[::1]', ' LOCALHOST '])
    assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['192.168.1.10', 'pbx.example.test', '10.127.0.1', '1270.0.0.1', '']) assert.equal(isLoopbackHost(h), false, h);
});

test('loopback is refused with its reason when phones are on the LAN, a warning otherwise; empty is a warning', () => {
  const lan = sipHostProblem('127.0.0.1', true);
  assert.equal(lan?.level, 'error');
  assert.match(lan?.message ?? '', /register with itself.*LAN address/);
  assert.equal(sipHostProblem('127.0.0.1', false)?.level, 'warning');
  assert.equal(sipHostProblem('', false)?.level, 'warning', 'empty: said, not refused (the AMI part can be saved first)');
  assert.equal(sipHostProblem('192.168.1.10', true), undefined);
});
