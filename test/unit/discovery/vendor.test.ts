import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { looksLikePhone, vendorOfMac } from '../../../shared/discovery/vendor';
import { parseMac, type Mac } from '../../../shared/mac';
import { OUI_VENDORS } from '../../../shared/vendors/ouiTable';

const mac = (s: string) => parseMac(s) as Mac;

test('FORMATS section 1 prefixes map to their makers', () => {
  const expected: Record<string, string[]> = {
    Yealink: [
      '00:15:65',
      '24:9A:D8',
      '34:97:D7',
      '44:DB:D2',
      '64:4F:56',
      '80:5E:0C',
      '80:5E:C0',
      'B0:61:A9',
      'C4:FC:22',
      'EC:1D:A9',
      'F0:16:53',
    ],
    Poly: ['00:04:F2', '64:16:7F', '48:25:67'],
    Grandstream: ['00:0B:82', '14:4C:FF', 'C0:74:AD', 'EC:74:D7'],
    Snom: ['00:04:13', '1C:71:26'],
    Fanvil: ['0C:38:3E'],
    Obihai: ['9C:AD:EF'],
    Htek: ['00:1F:C1'],
    Mitel: ['00:08:5D', '08:00:0F', '14:00:E9', '00:10:BC'],
  };
  for (const [vendor, prefixes] of Object.entries(expected)) {
    for (const p of prefixes) {
      const v = vendorOfMac(mac(`${p}:12:34:56`));
      assert.equal(v?.name, vendor, `${p}`);
      assert.equal(v?.phones, 'yes');
    }
  }
});

test('Cisco and HP prefixes name the maker but do not make a phone; non-phone makers are named too', () => {
  const cisco = OUI_VENDORS.find((v) => v.name === 'Cisco')!;
  assert.ok(cisco.prefixes.length > 100);
  assert.equal(vendorOfMac(mac(`${cisco.prefixes[0]}123456`.slice(0, 12)))?.phones, 'maybe');
  assert.equal(looksLikePhone(mac(`${cisco.prefixes[0]}123456`.slice(0, 12))), false);
  assert.equal(looksLikePhone(mac(`${cisco.prefixes[0]}123456`.slice(0, 12)), 'Cisco'), true, 'unless it said it is one');
  assert.deepEqual(vendorOfMac(mac('b8:27:eb:01:02:03')), { name: 'Raspberry Pi', phones: 'no' });
  assert.equal(vendorOfMac(mac('02:00:00:00:00:01')), null);
  assert.equal(looksLikePhone(mac('805ec0010203')), true);
});

test('the generated table matches the IEEE registry it was made from', () => {
  const require = createRequire(import.meta.url);
  const registry = JSON.parse(readFileSync(require.resolve('oui-data'), 'utf8')) as Record<string, string>;
  for (const v of OUI_VENDORS) {
    assert.ok(v.prefixes.length > 0, v.name);
    for (const p of v.prefixes) assert.ok(registry[p] !== undefined, `${v.name} ${p} is in the registry`);
  }
  const yealinkInRegistry = Object.entries(registry)
    .filter(([, org]) => /yealink/i.test(org.split('\n')[0] ?? ''))
    .map(([p]) => p);
  assert.deepEqual(
    [...OUI_VENDORS.find((v) => v.name === 'Yealink')!.prefixes].sort(),
    yealinkInRegistry.sort(),
    'no Yealink prefix missed',
  );
});

test('longer MA-M / MA-S prefixes win over 24-bit ones', () => {
  const all = OUI_VENDORS.flatMap((v) => v.prefixes.map((p) => [p, v.name] as const));
  const long = all.find(([p]) => p.length > 6);
  if (!long) return;
  const [p, name] = long;
  assert.equal(vendorOfMac(mac((p + '000000').slice(0, 12)))?.name, name);
});
