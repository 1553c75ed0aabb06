/**
 * The neighbour-table parsers on real `arp -a` output published by people on macOS and on
 * French, Spanish and Korean Windows (sources in test/fixtures/arp/README.md).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { neighbours } from '../../../shared/discovery/arpEntry';
import { parseArpTable } from '../../../shared/discovery/arpTable';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/arp/${name}`, import.meta.url), 'utf8');
const lines = (rows: readonly { ip: string; mac: string | null; iface: string }[]) => rows.map((r) => `${r.ip} ${r.mac} ${r.iface}`);

test('captured macOS arp -a: octets without leading zeros are padded, a masked MAC is not believed', () => {
  const rows = parseArpTable('macos', fixture('macos-captured-local-devices.txt'));
  assert.equal(rows.length, 21);
  assert.ok(rows.every((r) => r.iface === 'en0' && !r.static));
  // "0:c:XX:X:XX:XX": the poster masked it; it is kept as a row without a MAC, never as a guess.
  assert.deepEqual(rows[0], { ip: '100.68.0.2', mac: null, iface: 'en0', static: false });
  const byIp = new Map(rows.map((r) => [r.ip, r.mac]));
  assert.equal(byIp.get('100.68.0.5'), '000c290437a4'); // 0:c:29:4:37:a4
  assert.equal(byIp.get('100.68.1.13'), '8c8590e60688'); // 8c:85:90:e6:6:88
  assert.equal(byIp.get('100.68.1.149'), 'e8b2ac43710f'); // e8:b2:ac:43:71:f
  assert.equal(byIp.get('100.68.1.213'), '7c04d057b4f1'); // 7c:4:d0:57:b4:f1
  assert.equal(neighbours(rows).length, 20);
});

test('captured macOS arp -a: (incomplete) rows, masked MACs and the broadcast entry give no neighbour', () => {
  const rows = parseArpTable('macos', fixture('macos-captured-nmap.txt'));
  assert.equal(rows.length, 21);
  assert.equal(rows.filter((r) => r.mac === null).length, 20, '16 incomplete rows and 4 masked ones');
  assert.deepEqual(rows[0], { ip: '192.168.1.0', mac: 'ffffffffffff', iface: 'en0', static: false });
  assert.equal(rows.find((r) => r.ip === '192.168.1.2')?.mac, null);
  assert.deepEqual(neighbours(rows), []);
});

test('captured macOS arp -a: permanent multicast entries on two interfaces are static and not neighbours', () => {
  const rows = parseArpTable('macos', fixture('macos-captured-xbar.txt'));
  assert.deepEqual(rows, [
    { ip: '239.255.255.250', mac: '01005e7ffffa', iface: 'en5', static: true },
    { ip: '239.255.255.250', mac: '01005e7ffffa', iface: 'en6', static: true },
  ]);
  assert.deepEqual(neighbours(rows), []);
});

test('captured French Windows arp -a ("Interface :", dynamique/statique): two interfaces, four neighbours', () => {
  const rows = parseArpTable('windows', fixture('windows-fr-captured.txt'));
  assert.equal(rows.length, 15);
  assert.equal(rows.filter((r) => r.iface === '192.168.56.1').length, 5);
  assert.ok(rows.filter((r) => r.iface === '192.168.56.1').every((r) => r.static));
  assert.deepEqual(
    rows.find((r) => r.ip === '10.33.79.254'),
    { ip: '10.33.79.254', mac: '7c5a1cd3d876', iface: '10.33.77.167', static: false },
  );
  assert.equal(rows.find((r) => r.ip === '10.33.79.255')?.static, true);
  assert.deepEqual(lines(neighbours(rows)), [
    '10.33.65.63 44af28c36a9f 10.33.77.167',
    '10.33.73.77 988d46c4fae5 10.33.77.167',
    '10.33.77.160 c89402f8ab97 10.33.77.167',
    '10.33.79.254 7c5a1cd3d876 10.33.77.167',
  ]);
});

test('captured Spanish Windows arp -a ("Interfaz:", dinámico/estático, a wider header): the router only', () => {
  const rows = parseArpTable('windows', fixture('windows-es-captured.txt'));
  assert.equal(rows.length, 7);
  assert.deepEqual(rows[0], { ip: '192.168.1.1', mac: 'ecf4517c7cce', iface: '192.168.1.2', static: false });
  assert.ok(
    rows.slice(1).every((r) => r.static),
    'estático is the static word',
  );
  assert.deepEqual(lines(neighbours(rows)), ['192.168.1.1 ecf4517c7cce 192.168.1.2']);
});

test('captured Korean Windows arp -a (인터페이스, 동적/정적): a link-local neighbour on a second interface', () => {
  const rows = parseArpTable('windows', fixture('windows-ko-captured.txt'));
  assert.equal(rows.length, 15);
  assert.equal(rows.filter((r) => r.static).length, 13, '정적 is the static word');
  assert.deepEqual(lines(neighbours(rows)), ['172.30.1.254 883c1ccb90ce 172.30.1.57', '169.254.28.101 dca632ae13d8 192.168.137.1']);
});

test('Windows arp -a as a vendor manual reprints it (no "--- 0x" index, one space between columns)', () => {
  const rows = parseArpTable('windows', fixture('windows-en-manual-no-index.txt'));
  assert.deepEqual(rows, [
    { ip: '192.168.1.96', mac: '000334000023', iface: '192.168.1.118', static: false },
    { ip: '192.168.1.96', mac: '000334000023', iface: '192.168.1.118', static: true },
  ]);
});
