/** How phones are recognised: User-Agents of FORMATS.md section 1, MAC prefixes, PnP strings, file names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mac } from '../../../shared/mac';
import { OUI_VENDORS } from '../../../shared/vendors/ouiTable';
import { parseUserAgent } from '../../../shared/discovery/userAgent';
import {
  macInFileName,
  recognise,
  vendorByName,
  vendorOfMacPrefix,
  vendorOfPnp,
  vendorOfUserAgent,
  VENDORS,
} from '../../../shared/vendors/registry';
import { dialectFor, resolveFileWithDialect } from '../../../shared/dialects/registry';
import { defaultDialect } from '../../../shared/dialects/default';

test('the User-Agent samples of FORMATS.md name their vendor', () => {
  const samples: [string, string][] = [
    ['Yealink SIP-T46G 28.72.0.1 00:15:65:4a:a9:37', 'yealink'],
    ['Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872', 'grandstream'],
    ['FileTransport PolycomVVX-VVX_410-UA/5.9.0.9373', 'poly'],
    ['Mozilla/4.0 (compatible; Snom M900 05.20.0001 000413b60680)', 'snom'],
    ['Mozilla/4.0 (compatible; snomD785-SIP 10.1.33.33 2010.12-00004-g9ba52f5 000413922D24 SXM:0 UXM:0)', 'snom'],
    ['Fanvil X5U-V2 2.12.1 0c383e112233', 'fanvil'],
  ];
  for (const [ua, id] of samples) assert.equal(vendorOfUserAgent(ua)?.id, id, ua);
  assert.equal(vendorOfUserAgent('curl/8.5.0'), undefined);
});

test("each vendor's firmware profile User-Agent is recognised, and its MAC read by discovery's parser", () => {
  for (const v of VENDORS) {
    const mac = `${v.recognition.oui[0]!.toLowerCase()}a1b2c3` as Mac;
    const ua = v.firmware.userAgent(mac, v.firmware.defaultModel, v.firmware.defaultFirmware);
    assert.equal(vendorOfUserAgent(ua)?.id, v.id, ua);
    const facts = parseUserAgent(ua);
    assert.ok(facts, ua);
    if (v.id !== 'poly') assert.equal(facts.mac, mac, ua);
  }
});

test('MAC prefixes match the generated OUI table, PnP vendor strings and record names resolve', () => {
  for (const v of VENDORS) {
    const row = OUI_VENDORS.find((o) => o.name.toLowerCase() === v.name.toLowerCase());
    assert.ok(row, `${v.name} is in the OUI table`);
    for (const p of v.recognition.oui) assert.ok(row.prefixes.includes(p), `${v.name} ${p}`);
    assert.equal(vendorOfMacPrefix(`${v.recognition.oui[0]!.toLowerCase()}000001` as Mac)?.id, v.id);
    assert.equal(vendorOfPnp(v.firmware.pnpVendor)?.id, v.id);
  }
  assert.equal(vendorByName('Polycom')?.id, 'poly');
  assert.equal(vendorByName(' YEALINK ')?.id, 'yealink');
  assert.equal(vendorByName(''), undefined);
  assert.equal(recognise({ name: '', userAgent: 'x', mac: '0c383e000001' as Mac })?.id, 'fanvil');
});

test('file names give their MAC; common names give none', () => {
  assert.equal(macInFileName('805ec0112233.cfg'), '805ec0112233');
  assert.equal(macInFileName('cfg000b82112233.xml'), '000b82112233');
  assert.equal(macInFileName('snomD785-000413B60680.htm'), '000413b60680');
  assert.equal(macInFileName('0004f2112233-user.cfg'), '0004f2112233');
  for (const common of ['y000000000000.boot', '000000000000.cfg', 'y000000000066.cfg', 'ACC.cfg', 'common.cfg']) {
    assert.equal(macInFileName(common), undefined, common);
  }
});

test("a phone's record picks its dialect; with no maker on record the request's User-Agent does", () => {
  assert.equal(dialectFor({ vendor: '' }), defaultDialect);
  assert.equal(dialectFor({ vendor: 'Grandstream' }).id, 'grandstream');
  const blank = { vendor: '', mac: '0c383e112233' };
  // <mac>.cfg is Yealink's, Poly's and Fanvil's name: the User-Agent decides, then the MAC prefix.
  assert.equal(resolveFileWithDialect(blank, '0c383e112233.cfg', { userAgent: 'Yealink SIP-T46U 1.2.3.4' })?.dialect.id, 'yealink');
  assert.equal(resolveFileWithDialect(blank, '0c383e112233.cfg')?.dialect.id, 'fanvil');
  // The seeds' names stay the default dialect's.
  assert.equal(resolveFileWithDialect(blank, 'ACC.cfg')?.dialect.id, 'default');
  assert.equal(resolveFileWithDialect({ vendor: 'Yealink', mac: '805ec0112233' }, 'ACC.cfg')?.dialect.id, 'default');
  assert.equal(resolveFileWithDialect({ vendor: 'Yealink', mac: '805ec0112233' }, 'y000000000000.boot')?.dialect.id, 'yealink');
  // Another phone's file is nobody's.
  assert.equal(resolveFileWithDialect({ vendor: 'Yealink', mac: '805ec0112233' }, '805ec0999999.cfg'), undefined);
});

test('each vendor says how to ask its phones to re-sync', () => {
  const events = Object.fromEntries(VENDORS.map((v) => [v.id, v.resyncEvent]));
  assert.equal(events['yealink'], 'check-sync'); // the reboot variant is resyncRebootEvent (resyncDoc.test.ts)
  assert.equal(events['poly'], 'check-sync');
  assert.match(events['snom'] ?? '', /^check-sync/);
});

test('the UI can ask what a phone cannot do from its admin view alone', async () => {
  const { assignmentProblems } = await import('../../../shared/vendors/registry');
  const phone = {
    mac: '000b82112233',
    vendor: 'Grandstream',
    model: 'GXP2135',
    userType: 'standard' as const,
    buttons: [
      { key: 1, type: 'line' as const, value: '', label: '', line: 1 },
      { key: 2, type: 'pickup' as const, value: '*8', label: 'Pickup', line: 1 },
      { key: 3, type: 'line' as const, value: '', label: '', line: 2 },
    ],
  };
  const problems = assignmentProblems(phone, [1]);
  assert.deepEqual(
    problems.map((p) => p.key),
    [2, 3],
  );
  assert.match(problems[1]?.message ?? '', /line 2, which has no account/);
  assert.deepEqual(assignmentProblems({ ...phone, vendor: '' }, [1]), []);
});
