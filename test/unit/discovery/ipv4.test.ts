import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cidrHosts, cidrWithin, hostCount, intToIp, ipToInt, netmaskToPrefix, parseCidr, formatCidr } from '../../../shared/discovery/ipv4';

test('dotted quads round-trip; bad ones are null', () => {
  assert.equal(intToIp(ipToInt('10.231.0.7') as number), '10.231.0.7');
  assert.equal(ipToInt('255.255.255.255'), 0xffffffff);
  for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4', 'a.b.c.d', '1.2.3.4.5', '']) assert.equal(ipToInt(bad), null, bad);
});

test('netmasks and CIDRs', () => {
  assert.equal(netmaskToPrefix('255.255.252.0'), 22);
  assert.equal(netmaskToPrefix('255.0.255.0'), null);
  assert.equal(formatCidr(parseCidr('10.231.4.9/22')!), '10.231.4.0/22');
  assert.equal(parseCidr('10.0.0.0/33'), null);
  assert.equal(parseCidr('10.0.0.0'), null);
  assert.ok(cidrWithin(parseCidr('10.231.0.64/26')!, parseCidr('10.231.0.0/24')!));
  assert.ok(!cidrWithin(parseCidr('10.231.0.0/23')!, parseCidr('10.231.0.0/24')!));
});

test('host lists leave out network, broadcast and our own address', () => {
  const c = parseCidr('10.231.0.0/24')!;
  assert.equal(hostCount(c), 254);
  const hosts = cidrHosts(c, [ipToInt('10.231.0.1')!]);
  assert.equal(hosts.length, 253);
  assert.equal(intToIp(hosts[0]!), '10.231.0.2');
  assert.equal(intToIp(hosts.at(-1)!), '10.231.0.254');
  assert.equal(cidrHosts(parseCidr('10.231.4.0/22')!).length, 1022);
  assert.equal(cidrHosts(parseCidr('10.0.0.8/31')!).length, 2);
  assert.equal(cidrHosts(parseCidr('10.0.0.8/32')!).length, 1);
});

test('only plain dotted-decimal addresses are read: no octal, hex, short or single-number forms', () => {
  // inet_aton (and ipaddr.js 1.x) read these as other addresses: 010.0.0.1 is 8.0.0.1 there.
  for (const text of ['010.0.0.1', '0xa.0.0.1', '10.1', '167772161', '10.0.0.1.', ' 10.0.0.1x']) assert.equal(ipToInt(text), null, text);
  assert.equal(parseCidr('010.0.0.0/8'), null);
  assert.equal(ipToInt('10.0.0.1'), 0x0a000001);
});
