import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needsUpgrade, resolveFirmware, targetFor } from '../../../shared/firmware/targets';
import type { FirmwareEntry, FirmwareTarget } from '../../../shared/firmware/library';
import { firmwareFileUrl, firmwareUrlName } from '../../../shared/firmware/url';

const entry = (id: string, version: string): FirmwareEntry => ({
  id,
  fileName: `T46U-${version}.rom`,
  vendor: 'yealink',
  models: ['T46U'],
  version,
  size: 10,
  sha256: id.padEnd(64, '0'),
  addedAt: '',
});
const library = [entry('a', '108.86.0.90'), entry('b', '108.86.0.100')];
const targets: FirmwareTarget[] = [
  { vendor: 'yealink', model: 'T46U', firmwareId: 'a' },
  { vendor: 'yealink', model: 'T46U', firmwareId: 'b', site: 'Lyon' },
];
const phone = { vendor: 'Yealink', model: 'SIP-T46U', site: '', firmware: '108.86.0.20' };

test("a site's own target wins over the one for every site; other sites get the general one", () => {
  assert.equal(targetFor(targets, { ...phone, site: 'lyon' })?.firmwareId, 'b');
  assert.equal(targetFor(targets, { ...phone, site: 'Paris' })?.firmwareId, 'a');
  assert.equal(targetFor(targets, phone)?.firmwareId, 'a');
});

test('vendor spellings and model prefixes match; other models and makers do not', () => {
  assert.equal(targetFor(targets, { ...phone, vendor: 'YEALINK', model: 't46u' })?.firmwareId, 'a');
  assert.equal(targetFor(targets, { ...phone, model: 'T48U' }), undefined);
  assert.equal(targetFor(targets, { ...phone, vendor: 'Polycom' }), undefined);
  assert.equal(targetFor(targets, { ...phone, vendor: '' }), undefined);
});

test('standing against the target: below, current, above, unknown, none', () => {
  assert.equal(resolveFirmware(targets, library, phone).standing, 'below');
  assert.equal(resolveFirmware(targets, library, { ...phone, firmware: '108.86.0.90' }).standing, 'current');
  assert.equal(resolveFirmware(targets, library, { ...phone, firmware: '108.86.0.95' }).standing, 'above');
  assert.equal(resolveFirmware(targets, library, { ...phone, firmware: '' }).standing, 'unknown');
  assert.equal(resolveFirmware(targets, library, { ...phone, model: 'T48U' }).standing, 'none');
  // A target whose file left the library is no target.
  assert.equal(resolveFirmware(targets, [], phone).standing, 'none');
  assert.equal(resolveFirmware(targets, new Map(library.map((e) => [e.id, e])), phone).target?.id, 'a');
});

test('a phone below target or of unknown version is sent the file; one at or above is not', () => {
  assert.equal(needsUpgrade(resolveFirmware(targets, library, phone)), true);
  assert.equal(needsUpgrade(resolveFirmware(targets, library, { ...phone, firmware: '' })), true);
  assert.equal(needsUpgrade(resolveFirmware(targets, library, { ...phone, firmware: '108.86.0.90' })), false);
});

test('the firmware URL is the SHA-256 prefix and a plain file name, nothing else', () => {
  const url = firmwareFileUrl('http://10.0.0.1:8080/', { sha256: 'ab'.repeat(32), fileName: 'T46U(T43U,T41U)-108.86.0.90.rom' });
  assert.equal(url, `http://10.0.0.1:8080/fw/${'ab'.repeat(16)}/T46U_T43U_T41U_-108.86.0.90.rom`);
  assert.equal(firmwareUrlName('gxp2140fw.bin'), 'gxp2140fw.bin');
});
