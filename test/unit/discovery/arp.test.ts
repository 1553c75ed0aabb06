import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { neighbours } from '../../../shared/discovery/arpEntry';
import { arpFormatOf, parseArpTable } from '../../../shared/discovery/arpTable';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/arp/${name}`, import.meta.url), 'utf8');

test('Linux /proc/net/arp: complete rows resolved, incomplete rows kept without a MAC', () => {
  const rows = parseArpTable('linux-proc', fixture('linux-proc-net-arp.txt'));
  assert.equal(rows.length, 7);
  assert.deepEqual(rows[1], { ip: '192.168.10.21', mac: '805ec0112233', iface: 'eth0', static: false });
  assert.equal(rows.find((r) => r.ip === '192.168.10.23')?.mac, null);
  assert.equal(rows.find((r) => r.ip === '192.168.10.40')?.static, true);
  const n = neighbours(rows);
  assert.deepEqual(
    n.map((x) => x.ip),
    ['192.168.10.1', '192.168.10.21', '192.168.10.22', '192.168.10.24', '192.168.10.40', '10.99.0.5'],
  );
  assert.equal(n.find((x) => x.ip === '10.99.0.5')?.iface, 'wlan0');
});

test('macOS arp -a: short octets padded, incomplete, broadcast and multicast left out of neighbours', () => {
  const rows = parseArpTable('macos', fixture('macos-arp-a.txt'));
  assert.equal(rows.length, 8);
  assert.equal(rows.find((r) => r.ip === '192.168.1.20')?.mac, '0004f2010203');
  assert.equal(rows.find((r) => r.ip === '192.168.1.21')?.mac, '805ec00a0b0c');
  assert.equal(rows.find((r) => r.ip === '192.168.1.22')?.mac, null);
  assert.equal(rows.find((r) => r.ip === '224.0.0.251')?.static, true);
  assert.deepEqual(
    neighbours(rows).map((x) => `${x.ip} ${x.mac} ${x.iface}`),
    ['192.168.1.1 a42bb0c1d2e3 en0', '192.168.1.20 0004f2010203 en0', '192.168.1.21 805ec00a0b0c en0', '169.254.10.3 000b82010203 en1'],
  );
});

test('Windows arp -a, English: two interfaces, invalid and static rows recognised', () => {
  const rows = parseArpTable('windows', fixture('windows-en.txt'));
  assert.equal(rows.length, 7);
  assert.equal(rows.find((r) => r.ip === '192.168.1.22')?.mac, null);
  assert.equal(rows.find((r) => r.ip === '192.168.1.255')?.static, true);
  assert.equal(rows.find((r) => r.ip === '192.168.1.21')?.static, false);
  assert.deepEqual(
    neighbours(rows).map((x) => `${x.ip} ${x.mac} ${x.iface}`),
    ['192.168.1.1 a42bb0c1d2e3 192.168.1.54', '192.168.1.21 805ec0112233 192.168.1.54', '10.8.0.1 00ff6a112233 10.8.0.2'],
  );
});

for (const [file, iface, phoneIp, phoneMac] of [
  ['windows-de.txt', '192.168.178.20', '192.168.178.30', '000b828aa872'],
  ['windows-fr.txt', '192.168.1.54', '192.168.1.25', '0c383e010203'],
  ['windows-es.txt', '192.168.0.10', '192.168.0.31', '249ad8010203'],
  ['windows-es-cp850-garbled.txt', '192.168.0.10', '192.168.0.31', '249ad8010203'],
  ['windows-it.txt', '192.168.2.7', '192.168.2.40', '0015654aa937'],
] as const) {
  test(`Windows arp -a with translated headers: ${file}`, () => {
    const rows = parseArpTable('windows', fixture(file));
    const phone = rows.find((r) => r.ip === phoneIp);
    assert.deepEqual(phone, { ip: phoneIp, mac: phoneMac, iface, static: false });
    const broadcast = rows.find((r) => r.ip.endsWith('.255'));
    assert.equal(broadcast?.static, true, 'the static type word is recognised');
    assert.ok(neighbours(rows).every((n) => !n.ip.endsWith('.255') && !n.ip.startsWith('224.')));
  });
}

test('garbage and empty input give no rows and never throw', () => {
  for (const format of ['linux-proc', 'macos', 'windows'] as const) {
    assert.deepEqual(parseArpTable(format, ''), []);
    assert.deepEqual(parseArpTable(format, 'no ARP Entries Found.\r\n\u0000\u0001 zz 1.2.3.4 -- x'), []);
  }
  assert.deepEqual(parseArpTable('linux-proc', '999.1.1.1 0x1 0x2 zz:zz *  eth0'), []);
});

test('the platform picks the format', () => {
  assert.equal(arpFormatOf('linux'), 'linux-proc');
  assert.equal(arpFormatOf('win32'), 'windows');
  assert.equal(arpFormatOf('darwin'), 'macos');
});

test('Linux capture from the lab: 7 resolved devices, 6 unanswered probes left out', () => {
  const rows = parseArpTable('linux-proc', fixture('linux-lab-capture.txt'));
  assert.equal(rows.length, 13);
  const n = neighbours(rows);
  assert.deepEqual(n.map((x) => x.ip).sort(), [
    '10.231.0.2',
    '10.231.0.3',
    '10.231.0.4',
    '10.231.0.5',
    '10.231.0.6',
    '10.231.0.7',
    '10.231.0.8',
  ]);
  assert.equal(n.find((x) => x.ip === '10.231.0.8')?.mac, 'b827ebe2f806');
});
