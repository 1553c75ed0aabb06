import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeInterfaces, sweepRange, type RawAddress } from '../../../shared/discovery/interfaces';

const raw = (name: string, address: string, netmask: string, internal = false): RawAddress => ({
  name,
  address,
  netmask,
  mac: '00:11:22:33:44:55',
  internal,
  family: 'IPv4',
});

test('lists IPv4 interfaces with their subnet, without loopback and link-local', () => {
  const list = describeInterfaces([
    raw('lo', '127.0.0.1', '255.0.0.0', true),
    raw('eth0', '192.168.10.5', '255.255.255.0'),
    raw('wlan0', '10.99.0.7', '255.255.252.0'),
    raw('docker0', '172.17.0.1', '255.255.0.0'),
    raw('eth1', '169.254.3.4', '255.255.0.0'),
    { ...raw('eth0', 'fe80::1', 'ffff:ffff:ffff:ffff::'), family: 'IPv6' },
  ]);
  assert.deepEqual(
    list.map((i) => [i.name, i.cidr, i.kind, i.hosts]),
    [
      ['eth0', '192.168.10.0/24', 'wired', 254],
      ['wlan0', '10.99.0.0/22', 'wireless', 1022],
      ['docker0', '172.17.0.0/16', 'virtual', 65534],
    ],
  );
  assert.equal(list.filter((i) => i.suggested).length, 1);
  assert.equal(list[0]!.suggested, true);
  assert.match(list[2]!.note, /virtual/);
  assert.match(list[2]!.note, /narrow/);
});

test('the interface where phones were already seen is the one suggested, with the reason', () => {
  const list = describeInterfaces(
    [raw('eth0', '192.168.10.5', '255.255.255.0'), raw('Wi-Fi', '10.99.0.7', '255.255.255.0')],
    ['10.99.0.30', '10.99.0.31'],
  );
  const wifi = list.find((i) => i.name === 'Wi-Fi')!;
  assert.equal(wifi.suggested, true);
  assert.equal(wifi.phonesSeen, 2);
  assert.match(wifi.note, /2 phone\(s\) already seen/);
  assert.equal(list.find((i) => i.name === 'eth0')!.suggested, false);
});

test('nothing is suggested when there is only a virtual adapter', () => {
  const list = describeInterfaces([raw('vEthernet (WSL)', '172.20.0.1', '255.255.240.0')]);
  assert.equal(list[0]!.suggested, false);
});

test('a sweep range must lie inside the interface subnet and be small enough', () => {
  const eth = { name: 'eth0', cidr: '192.168.10.0/24' };
  const whole = sweepRange(eth);
  assert.ok(whole.ok && whole.cidr.prefix === 24);
  const narrow = sweepRange(eth, '192.168.10.64/26');
  assert.ok(narrow.ok && narrow.cidr.prefix === 26);
  const outside = sweepRange(eth, '10.0.0.0/24');
  assert.ok(!outside.ok && /not inside/.test(outside.message));
  const wider = sweepRange(eth, '192.168.0.0/16');
  assert.ok(!wider.ok);
  const junk = sweepRange(eth, 'everything');
  assert.ok(!junk.ok && /not a CIDR/.test(junk.message));
  const huge = sweepRange({ name: 'docker0', cidr: '172.17.0.0/16' });
  assert.ok(!huge.ok && /too many/.test(huge.message));
});
