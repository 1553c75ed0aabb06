/**
 * Golden files for every vendor, one representative model each, with every key function
 * assigned: reviewed against the reference named per vendor below (docs/PROTOCOL.md, "What each
 * vendor file holds and where it was checked"; UPDATE_GOLDEN=1 rewrites them after a reviewed
 * change). Each rendered file is also parsed back and every account and key the vendor can do
 * must be found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mac } from '../../../shared/mac';
import { VENDORS, vendorById } from '../../../shared/vendors/registry';
import { expectedFor, verifyParsed } from '../../../shared/vendors/common/verify';
import { assertGolden } from '../../support/golden';
import { ALL_KEYS, inputOf } from './fixtures';

/** Each vendor's reference for accounts and keys, as its golden file was checked against it. */
const REFERENCE: Record<string, string> = {
  yealink: 'FusionPBX resources/templates/provision/yealink/t46u/{$mac}.cfg and y000000000108.cfg (linekey.N, LineKeyX ranges)',
  poly: 'FusionPBX resources/templates/provision/polycom/vvx410/{$mac}.cfg; wazo-provd plugins/wazo_polycom/common/common.py _NB_FKEY',
  grandstream:
    'FusionPBX resources/templates/provision/grandstream/grp2614/{$mac}.xml (pks.vpk/mpk); wazo-provd wazo_grandstream MODEL_FKEYS',
  snom: 'wazo-provd plugins/wazo_snom/common/templates/base.tpl (<fkey idx context label>)',
  fanvil:
    'wazo-provd plugins/wazo_fanvil/common/templates/base-new.tpl + serie_x/entry.py; FusionPBX fanvil/x5u/{$mac}.cfg (<dssSide index="1"> line keys, <internal> pages of 6)',
};

function renderAll(id: (typeof VENDORS)[number]['id'], input = inputOf(id)): Map<string, string> {
  const plugin = vendorById(id);
  const mac = input.phone.mac as Mac;
  const files = new Map<string, string>();
  for (const name of plugin.servedFiles(mac, input.phone.model)) {
    const file = plugin.fileFor(name, mac);
    assert.ok(file, `${id} serves ${name}`);
    files.set(name, file.render(input));
  }
  return files;
}

for (const plugin of VENDORS) {
  test(`${plugin.name}: golden files of a ${inputOf(plugin.id).phone.model} with two lines and every key function (checked against ${REFERENCE[plugin.id]})`, () => {
    for (const [name, text] of renderAll(plugin.id)) assertGolden(`vendors/${plugin.id}/${name}`, text);
  });

  test(`${plugin.name}: every assigned account and every key the vendor can do is found when the files are parsed back`, () => {
    const input = inputOf(plugin.id);
    const parsed = plugin.parseBack(renderAll(plugin.id, input), input.phone.mac as Mac, input.phone.model);
    const expected = expectedFor(plugin, input);
    assert.equal(expected.accounts.length, 2);
    assert.ok(expected.buttons.length >= 5, 'line, BLF, speed dial, park and an empty key at least');
    assert.deepEqual(verifyParsed(plugin, expected, parsed), []);
    assert.equal(parsed.provisioningUrl, input.provisioningUrl);
  });

  test(`${plugin.name}: keys it cannot do are reported to the technician and written as comments, never dropped silently`, () => {
    const input = inputOf(plugin.id);
    const problems = plugin.unsupportedButtons(input);
    const missing = ALL_KEYS.filter((b) => plugin.buttonCodes[b.type] === undefined);
    assert.deepEqual(
      problems.filter((p) => p.key > 0).map((p) => p.key),
      missing.map((b) => b.key),
    );
    for (const p of problems.filter((q) => q.key > 0)) assert.match(p.message, new RegExp(`^Key ${p.key} `));
    const text = [...renderAll(plugin.id).values()].join('\n');
    for (const p of problems) assert.ok(text.includes(p.message.slice(0, 30)), `the file mentions: ${p.message}`);
  });

  test(`${plugin.name}: a tampered file is reported by the parse-back check`, () => {
    const input = inputOf(plugin.id);
    const files = renderAll(plugin.id, input);
    const name = plugin.servedFiles(input.phone.mac as Mac, input.phone.model).at(-1) as string;
    const secretFile = [...files.keys()].find((n) => plugin.fileFor(n, input.phone.mac as Mac)?.secret) ?? name;
    files.set(secretFile, (files.get(secretFile) as string).replaceAll('pw-1001-s3cret', 'wrong').replaceAll('1002', '1099'));
    const problems = verifyParsed(plugin, expectedFor(plugin, input), plugin.parseBack(files, input.phone.mac as Mac, input.phone.model));
    assert.ok(
      problems.some((p) => p.includes('password')),
      problems.join('; '),
    );
    assert.ok(
      problems.some((p) => p.includes('key 3')),
      problems.join('; '),
    );
  });
}

test('Yealink: a hot-desk phone gets no personal account and a hot-desk login key (golden)', () => {
  const input = inputOf('yealink', [{ key: 2, type: 'blf', value: '1002', label: 'Bob', line: 1 }]);
  input.phone.userType = 'hotdesk';
  input.lines = [];
  const files = renderAll('yealink', input);
  assertGolden('vendors/yealink/hotdesk.cfg', files.get('805ec0112233.cfg') as string);
  const parsed = vendorById('yealink').parseBack(files, '805ec0112233' as Mac, 'T46U');
  assert.deepEqual(parsed.accounts, []);
  assert.deepEqual(
    parsed.buttons.map((b) => b.type),
    ['hotdesk_login', 'blf'],
  );
});

test("Yealink: keys past the phone's own go to the expansion module and come back with their numbers", () => {
  // T46U: 27 keys on the phone (FusionPBX yealink/t46u/y000000000108.cfg, LineKeyX ranges), then
  // EXP50 modules of 60 keys (same file, Expansion Key X ranges).
  const buttons = [
    { key: 1, type: 'line' as const, value: '', label: 'Me', line: 1 },
    { key: 28, type: 'blf' as const, value: '2001', label: 'EXP 1/1', line: 1 },
    { key: 89, type: 'speed_dial' as const, value: '2002', label: 'EXP 2/2', line: 1 },
    { key: 300, type: 'blf' as const, value: '2003', label: 'Too far', line: 1 },
  ];
  const input = inputOf('yealink', buttons);
  const text = renderAll('yealink', input).get('805ec0112233.cfg') as string;
  assert.match(text, /^expansion_module\.1\.key\.1\.type = 16$/m);
  assert.match(text, /^expansion_module\.2\.key\.2\.value = 2002$/m);
  assert.doesNotMatch(text, /2003 *$/m);
  const problems = vendorById('yealink').unsupportedButtons(input);
  assert.equal(problems.length, 1);
  assert.match(
    problems[0]?.message ?? '',
    /Key 300 \(Too far\): the Yealink T46U has 207 programmable keys \(27 on the phone, 180 on expansion modules\)/,
  );
  const parsed = vendorById('yealink').parseBack(renderAll('yealink', input), '805ec0112233' as Mac, 'T46U');
  assert.deepEqual(
    parsed.buttons.map((b) => b.key),
    [1, 28, 89],
  );
});

test('hot desking on a vendor without it is one problem about the phone, not one per key', () => {
  const input = inputOf('grandstream', []);
  input.phone.userType = 'hotdesk';
  input.lines = [];
  const problems = vendorById('grandstream').unsupportedButtons(input);
  assert.deepEqual(
    problems.map((p) => p.type),
    ['user_type'],
  );
});
