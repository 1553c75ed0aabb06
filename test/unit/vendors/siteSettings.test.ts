/**
 * The site's phone settings in each vendor's files, held against the references named in each
 * vendor's settings module (shared/vendors/<vendor>/settings.ts; docs/PROTOCOL.md, "What each
 * vendor file holds and where it was checked"): golden files per vendor, and a parse-back check
 * that finds every account, key, dial plan, time zone, NTP server and admin password set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mac } from '../../../shared/mac';
import { VENDORS, vendorById } from '../../../shared/vendors/registry';
import { expectedFor, verifyParsed, verifySettings } from '../../../shared/vendors/common/verify';
import { phoneSettingsInput } from '../../../shared/config/phoneSettingsInput';
import { phoneFieldsSchema } from '../../../shared/domain/phoneSettings';
import { renderAccCfg } from '../../../shared/dialects/default';
import { assertGolden } from '../../support/golden';
import { inputOf, SITE } from './fixtures';

/** Each vendor's reference for the settings keys, as the golden file was checked against it. */
const REFERENCE: Record<string, string> = {
  yealink:
    'FusionPBX resources/templates/provision/yealink/t46u/y000000000108.cfg (Time&Date, Dialplan, Language, Security) + Yealink Administrator Guide (Auto DST File Attributes)',
  poly: 'FusionPBX resources/templates/provision/polycom/vvx410/{$mac}.cfg (sntp, daylightSavings, dialplan.digitmap, lcl.ml.lang, device.auth.*)',
  grandstream:
    'FusionPBX resources/templates/provision/grandstream/gxp2135/{$mac}.xml (account.N.call.dialplan, dateTime.*, users.*, language.gui)',
  snom: 'wazo-provd plugins/wazo_snom/common/templates/base.tpl + snom-general.xml; FusionPBX snom/D785 (keyboard_lock_emergency), snom/PA1plus (user_dp_str)',
  fanvil:
    'wazo-provd plugins/wazo_fanvil/common/templates/base-new.tpl (<phone><date>, <web>), serie_x/entry.py _TZ_INFO; FusionPBX fanvil/w611w (EmergencyCall)',
};

function renderAll(id: (typeof VENDORS)[number]['id'], input = inputOf(id)): Map<string, string> {
  const plugin = vendorById(id);
  const mac = input.phone.mac as Mac;
  return new Map(plugin.servedFiles(mac, input.phone.model).map((name) => [name, plugin.fileFor(name, mac)!.render(input)]));
}

for (const plugin of VENDORS) {
  const input = () => inputOf(plugin.id, undefined, { settings: SITE });

  test(`${plugin.name}: golden files with the site's phone settings (checked against ${REFERENCE[plugin.id]})`, () => {
    for (const [name, text] of renderAll(plugin.id, input())) assertGolden(`vendors/${plugin.id}/site/${name}`, text);
  });

  test(`${plugin.name}: parse-back finds every account, key, dial plan, time zone, NTP server and admin password set`, () => {
    const i = input();
    const parsed = plugin.parseBack(renderAll(plugin.id, i), i.phone.mac as Mac, i.phone.model);
    assert.deepEqual(verifyParsed(plugin, expectedFor(plugin, i), parsed), []);
    assert.deepEqual(verifySettings(plugin, i, parsed), []);
    assert.equal(parsed.settings?.ntpServer, 'ntp.example.local');
    assert.equal(parsed.settings?.adminPassword, 'Adm1nPassw0rd');
    assert.notEqual(parsed.settings?.timeZone, '', 'a time zone');
    if (plugin.id !== 'fanvil') assert.match(parsed.settings?.dialPlan ?? '', /112/);
  });

  test(`${plugin.name}: a setting it cannot express is reported with the vendor's name and the rule, and a tampered setting is caught`, () => {
    const i = input();
    const problems = plugin.unsupportedButtons(i).filter((p) => p.type === 'settings');
    for (const p of problems) assert.match(p.message, new RegExp(plugin.name));
    const files = renderAll(plugin.id, i);
    for (const [name, text] of files)
      files.set(name, text.replaceAll('ntp.example.local', 'pool.ntp.org').replaceAll('Adm1nPassw0rd', 'admin'));
    const found = verifySettings(plugin, i, plugin.parseBack(files, i.phone.mac as Mac, i.phone.model));
    assert.ok(
      found.some((m) => m.startsWith('NTP server')),
      found.join('; '),
    );
    assert.ok(
      found.some((m) => m.includes('admin password')),
      found.join('; '),
    );
  });
}

test('Grandstream refuses a repeated class with a message naming the vendor and the rule; the other rules are written', () => {
  const site = { ...SITE, dialPlan: phoneSettingsInput(phoneFieldsSchema.parse({ dialPlan: '[2-4]xxx|0[1-9].' }), '').dialPlan };
  const i = inputOf('grandstream', undefined, { settings: site });
  const problems = vendorById('grandstream')
    .unsupportedButtons(i)
    .filter((p) => p.type === 'settings');
  assert.equal(problems.length, 1);
  assert.match(problems[0]?.message ?? '', /^Dial plan rule "0\[1-9\]\.": Grandstream cannot express it/);
  const text = renderAll('grandstream', i).get('cfg000b82112233.xml') ?? '';
  assert.match(text, /account\.1\.call\.dialplan">\{ 112 \| 911 \| \[2-4\]xxx \}</);
});

test("Grandstream writes 0[1-9]x. as 0[1-9] and 0[1-9]x+; Yealink's dial-now rules are the emergency numbers and fixed-length rules", () => {
  const text = renderAll('grandstream', inputOf('grandstream', undefined, { settings: SITE })).get('cfg000b82112233.xml') ?? '';
  assert.match(text, /\{ 112 \| 911 \| \[2-4\]xxx \| 0\[1-9\] \| 0\[1-9\]x\+ \| 9x \| 9xx\+ \}/);
  const cfg = renderAll('yealink', inputOf('yealink', undefined, { settings: SITE })).get('805ec0112233.cfg') ?? '';
  assert.deepEqual(
    [...cfg.matchAll(/^dialplan\.dialnow\.rule\.\d+ = (.*)$/gm)].map((m) => m[1]),
    ['112', '911', '[2-4]xxx'],
  );
});

test('time zones: Paris, New York and Kolkata in each form (Yealink offset + DST by week, Grandstream POSIX, Poly seconds)', () => {
  const at = (timeZone: string) => ({ ...SITE, timeZone });
  const yl = (tz: string) => renderAll('yealink', inputOf('yealink', undefined, { settings: at(tz) })).get('805ec0112233.cfg') ?? '';
  assert.match(
    yl('America/New_York'),
    /^local_time\.time_zone = -5\nlocal_time\.summer_time = 1\nlocal_time\.dst_time_type = 1\nlocal_time\.start_time = 3\/2\/7\/2\nlocal_time\.end_time = 11\/1\/7\/2$/m,
  );
  assert.match(yl('Asia/Kolkata'), /^local_time\.time_zone = \+5:30\nlocal_time\.summer_time = 0$/m);
  const gs = renderAll('grandstream', inputOf('grandstream', undefined, { settings: at('Europe/Paris') })).get('cfg000b82112233.xml') ?? '';
  // FusionPBX gxp2135 lists this very rule for Paris: CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00.
  assert.match(gs, /dateTime\.timezone\.custom">CET-1CEST-2,M3\.5\.0\/02:00:00,M10\.5\.0\/03:00:00</);
  const poly = renderAll('poly', inputOf('poly', undefined, { settings: at('Asia/Kolkata') })).get('0004f2112233-user.cfg') ?? '';
  assert.match(poly, /tcpIpApp\.sntp\.gmtOffset="19800"/);
  assert.match(poly, /tcpIpApp\.sntp\.daylightSavings\.enable="0"/);
});

test('the default dialect: ACC.cfg gets the dial plan and time/display keys in Yealink syntax (golden)', () => {
  const i = inputOf('yealink', undefined, { settings: SITE });
  i.phone.vendor = '';
  assertGolden('default/site.ACC.cfg', renderAccCfg(i));
});
