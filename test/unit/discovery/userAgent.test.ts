import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseUserAgent } from '../../../shared/discovery/userAgent';

const cases: [string, { vendor: string; model: string; firmware: string; mac?: string } | null][] = [
  // FORMATS section 1
  ['Yealink SIP-T46G 28.72.0.1 00:15:65:4a:a9:37', { vendor: 'Yealink', model: 'T46G', firmware: '28.72.0.1', mac: '0015654aa937' }],
  ['Yealink SIP-T54W 96.86.0.100 805ec0112233', { vendor: 'Yealink', model: 'T54W', firmware: '96.86.0.100', mac: '805ec0112233' }],
  ['Yealink SIP VP59 91.283.0.35', { vendor: 'Yealink', model: 'VP59', firmware: '91.283.0.35' }],
  [
    'Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872',
    { vendor: 'Grandstream', model: 'GXP2135', firmware: '1.0.7.97', mac: '000b828aa872' },
  ],
  ['Grandstream GXP2170 1.0.11.3', { vendor: 'Grandstream', model: 'GXP2170', firmware: '1.0.11.3' }],
  ['FileTransport PolycomVVX-VVX_410-UA/5.9.0.9373', { vendor: 'Poly', model: 'VVX 410', firmware: '5.9.0.9373' }],
  ['PolycomRealPresenceTrio-Trio_8800-UA/5.9.1.10419', { vendor: 'Poly', model: 'Trio 8800', firmware: '5.9.1.10419' }],
  [
    'Mozilla/4.0 (compatible; Snom M900 05.20.0001 000413b60680)',
    { vendor: 'Snom', model: 'M900', firmware: '05.20.0001', mac: '000413b60680' },
  ],
  ['snomD785/10.1.54.13', { vendor: 'Snom', model: 'D785', firmware: '10.1.54.13' }],
  ['snom370-SIP 8.7.5.35', { vendor: 'Snom', model: '370', firmware: '8.7.5.35' }],
  ['Fanvil X5U-V2 2.12.1 0c383e112233', { vendor: 'Fanvil', model: 'X5U-V2', firmware: '2.12.1', mac: '0c383e112233' }],
  ['Htek UC923 2.0.4.4.16 00:1f:c1:1a:2b:3c', { vendor: 'Htek', model: 'UC923', firmware: '2.0.4.4.16', mac: '001fc11a2b3c' }],
  ['OBIHAI/OBi1032-5.1.11.4710', { vendor: 'Obihai', model: 'OBi1032', firmware: '5.1.11.4710' }],
  ['Aastra 6865i/5.1.0.2051', { vendor: 'Mitel', model: '6865i', firmware: '5.1.0.2051' }],
  ['Cisco/SPA504G-7.6.2', { vendor: 'Cisco', model: 'SPA504G', firmware: '7.6.2' }],
  ['Yealink', { vendor: 'Yealink', model: '', firmware: '' }],
  ['Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0', null],
  ['curl/8.5.0', null],
  ['', null],
];

for (const [ua, want] of cases) {
  test(`User-Agent: ${ua || '(empty)'}`, () => {
    assert.deepEqual(parseUserAgent(ua), want);
  });
}

test('an all-zero or malformed MAC in the agent is not taken', () => {
  assert.equal(parseUserAgent('Yealink SIP-T46G 28.72.0.1 00:00:00:00:00:00')?.mac, undefined);
  assert.equal(parseUserAgent('Fanvil X4U 2.10.2 0c383e11223')?.mac, undefined);
});

test('a very long agent is cut, never slow or thrown on', () => {
  const r = parseUserAgent('Yealink SIP-' + 'T'.repeat(10_000) + ' 1.2.3');
  assert.ok(r === null || r.model.length <= 64);
});
