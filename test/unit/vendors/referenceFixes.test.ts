/**
 * Issue 13 items 1-5, each held against the reference named in the test: Grandstream keys on the
 * phone's own VPK/MPK, Transfer/VoiceMail for Grandstream and Fanvil, the Yealink common file with
 * a 3-digit model code, and hot desking refused where the vendor's files have no login.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mac } from '../../../shared/mac';
import { vendorById, hotdeskRefusal } from '../../../shared/vendors/registry';
import { resolveFileWithDialect } from '../../../shared/dialects/registry';
import { inputOf } from './fixtures';

const GS_MAC = '000b82112233' as Mac;

test("Grandstream GXP2135: keys 1-32 are the phone's own VPKs (pks.vpk.N, P1363...), never the module's P23000 (wazo-provd MODEL_FKEYS, FusionPBX grp2614 template)", () => {
  const input = inputOf('grandstream', [
    { key: 1, type: 'line', value: '', label: 'Me', line: 1 },
    { key: 32, type: 'blf', value: '1002', label: 'Bob', line: 1 },
  ]);
  const text = vendorById('grandstream').fileFor(`cfg${GS_MAC}.xml`, GS_MAC)!.render(input);
  assert.match(text, /<config version="2">/);
  assert.match(text, /<item name="pks\.vpk\.1\.keyMode">Line<\/item>/);
  assert.match(text, /<item name="pks\.vpk\.32\.keyMode">BLF<\/item>/);
  assert.doesNotMatch(text, /P23000|pks\.ext/);
});

test('Grandstream GRP2614: 16 VPKs, then 24 physical MPKs (pks.mpk.N, P323...), and no module (FusionPBX grp2614: EXT keys "FOR GRP2615/GRP2624/GRP2670/GRP2650 Only")', () => {
  const buttons = [
    { key: 16, type: 'speed_dial' as const, value: '100', label: 'VPK 16', line: 1 },
    { key: 17, type: 'blf' as const, value: '1002', label: 'MPK 1', line: 2 },
    { key: 40, type: 'blf' as const, value: '1004', label: 'MPK 24', line: 1 },
    { key: 41, type: 'blf' as const, value: '1003', label: 'EXT 1', line: 1 },
    { key: 18, type: 'line' as const, value: '', label: 'Line on MPK', line: 1 },
  ];
  const input = inputOf('grandstream', buttons);
  input.phone.model = 'GRP2614';
  const plugin = vendorById('grandstream');
  const files = new Map([[`cfg${GS_MAC}.xml`, plugin.fileFor(`cfg${GS_MAC}.xml`, GS_MAC)!.render(input)]]);
  const text = files.get(`cfg${GS_MAC}.xml`)!;
  assert.match(text, /<item name="pks\.vpk\.16\.keyMode">SpeedDial<\/item>/);
  assert.match(text, /<item name="pks\.mpk\.1\.keyMode">BLF<\/item>/);
  assert.match(text, /<item name="pks\.mpk\.1\.account">Account2<\/item>/);
  assert.match(text, /<item name="pks\.mpk\.24\.keyMode">BLF<\/item>/);
  assert.doesNotMatch(text, /pks\.ext\./, 'the GRP2614 takes no module');
  assert.doesNotMatch(text, /pks\.mpk\.2\./, 'a line key on an MPK is left out');
  const problems = plugin.unsupportedButtons(input);
  assert.deepEqual(
    problems.map((p) => p.key).sort((a, b) => a - b),
    [18, 41],
  );
  assert.match(problems.find((p) => p.key === 18)?.message ?? '', /physical MPK, which cannot be a line key/);
  assert.match(problems.find((p) => p.key === 41)?.message ?? '', /the Grandstream GRP2614 has 40 programmable keys/);
  const parsed = plugin.parseBack(files, GS_MAC, 'GRP2614');
  assert.deepEqual(
    parsed.buttons.map((b) => [b.key, b.type, b.line]),
    [
      [16, 'speed_dial', 1],
      [17, 'blf', 2],
      [40, 'blf', 1],
    ],
  );
});

test('Grandstream GRP2615: 40 VPKs, then extension-module keys (pks.ext.N, P23000...) up to the firmware range of 160 (FusionPBX grp261x)', () => {
  const input = inputOf('grandstream', [
    { key: 40, type: 'blf' as const, value: '1002', label: 'VPK 40', line: 1 },
    { key: 41, type: 'blf' as const, value: '1003', label: 'EXT 1', line: 1 },
    { key: 200, type: 'blf' as const, value: '1004', label: 'EXT 160', line: 1 },
    { key: 201, type: 'blf' as const, value: '1005', label: 'past the range', line: 1 },
  ]);
  input.phone.model = 'GRP2615';
  const plugin = vendorById('grandstream');
  const files = new Map([[`cfg${GS_MAC}.xml`, plugin.fileFor(`cfg${GS_MAC}.xml`, GS_MAC)!.render(input)]]);
  const text = files.get(`cfg${GS_MAC}.xml`)!;
  assert.match(text, /<item name="pks\.vpk\.40\.keyMode">BLF<\/item>/);
  assert.match(text, /<item name="pks\.ext\.1\.keyMode">BLF<\/item>/);
  assert.match(text, /<item name="pks\.ext\.160\.keyMode">BLF<\/item>/);
  assert.doesNotMatch(text, /pks\.ext\.161/);
  // Past the firmware's range the key is refused, by name.
  const problems = plugin.unsupportedButtons(input);
  assert.deepEqual(
    problems.map((p) => p.key),
    [201],
  );
  assert.deepEqual(
    plugin.parseBack(files, GS_MAC, 'GRP2615').buttons.map((b) => b.key),
    [40, 41, 200],
  );
});

test('Transfer and voicemail keys: Grandstream modes Transfer/VoiceMail, Fanvil key events F_TRANSFER/F_MWI (FusionPBX grp2614 and fanvil/w611w templates)', () => {
  const keys = [
    { key: 1, type: 'transfer' as const, value: '', label: 'Xfer', line: 1 },
    { key: 2, type: 'voicemail' as const, value: '', label: 'VM', line: 1 },
  ];
  const gs = vendorById('grandstream').fileFor(`cfg${GS_MAC}.xml`, GS_MAC)!.render(inputOf('grandstream', keys));
  assert.match(gs, /pks\.vpk\.1\.keyMode">Transfer</);
  assert.match(gs, /pks\.vpk\.2\.keyMode">VoiceMail</);
  const fmac = '0c383e112233' as Mac;
  const fv = vendorById('fanvil').fileFor(`${fmac}.cfg`, fmac)!.render(inputOf('fanvil', keys));
  assert.match(fv, /<Type>3<\/Type>\s*<Value>F_TRANSFER<\/Value>/);
  assert.match(fv, /<Type>3<\/Type>\s*<Value>F_MWI<\/Value>/);
  assert.deepEqual(
    vendorById('fanvil')
      .unsupportedButtons(inputOf('fanvil', keys))
      .filter((p) => p.type !== 'model'),
    [],
  );
});

test('Yealink common files with a 3-digit model code (y000000000108.cfg, T46U) are served, 2-digit ones still are (FusionPBX yealink/t46u/y000000000000.boot)', () => {
  const phone = { vendor: 'Yealink', mac: '805ec0112233' };
  for (const name of ['y000000000108.cfg', 'y000000000066.cfg', 'y000000000123.cfg']) {
    const found = resolveFileWithDialect(phone, name);
    assert.ok(found, name);
    assert.equal(found.file.secret, false);
  }
  assert.equal(resolveFileWithDialect(phone, 'y000000000000.cfg'), undefined);
  assert.ok(resolveFileWithDialect({ vendor: '', mac: '805ec0112233' }, 'y000000000108.cfg'), 'a phone of no recorded maker too');
});

test('hot desking is refused, with the reason, for every vendor whose files have no hot-desk login; Yealink and unknown makers keep it', () => {
  for (const vendor of ['Poly', 'Grandstream', 'Snom', 'Fanvil'])
    assert.match(hotdeskRefusal(vendor) ?? '', new RegExp(`not available on ${vendor} phones`));
  assert.equal(hotdeskRefusal('Yealink'), undefined);
  assert.equal(hotdeskRefusal(''), undefined);
});
