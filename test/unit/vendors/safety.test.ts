/** Values come from users: no value can add a line (and so a key) to a cfg file, or markup to an XML file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCfg } from '../../../shared/config/cfgSyntax';
import type { Mac } from '../../../shared/mac';
import { VENDORS, vendorById } from '../../../shared/vendors/registry';
import { expectedFor, verifyParsed } from '../../../shared/vendors/common/verify';
import { cfgValue } from '../../../shared/vendors/common/cfgValue';
import { inputOf } from './fixtures';

const EVIL_LINE = 'x\nstatic.security.user_password = admin:owned\r\naccount.1.password=owned\u2028y';
const EVIL_XML = `a"b'<c>&d</settings><P2>owned</P2>&amp;`;

test('cfg values lose every line break, so a label cannot inject a key', () => {
  assert.equal(cfgValue('a\nb\r\nc\u0000d\u2028e'), 'a b  c d e');
  // The schemas refuse such labels; the renderer must hold even if one got through.
  const input = inputOf('yealink', [{ key: 1, type: 'line', value: '', label: EVIL_LINE, line: 1 }]);
  input.lines[0]!.account.displayName = EVIL_LINE;
  const text = vendorById('yealink')
    .fileFor('805ec0112233.cfg', '805ec0112233' as Mac)!
    .render(input);
  const values = parseCfg(text).values;
  assert.equal(values.get('static.security.user_password'), 'admin:Adm1nPassw0rd');
  assert.equal(values.get('account.1.password'), 'pw-1001-s3cret');
  assert.equal(text.split('\n').filter((l) => l.includes('owned')).length, 2, 'the text stays inside the two values it was given to');
});

for (const plugin of VENDORS.filter((v) => v.id !== 'yealink')) {
  test(`${plugin.name}: markup in names, labels and passwords is escaped and read back unchanged`, () => {
    const input = inputOf(plugin.id, [
      { key: 1, type: 'line', value: '', label: EVIL_XML, line: 1 },
      { key: 3, type: 'blf', value: '1002', label: EVIL_XML, line: 1 },
    ]);
    input.lines[0]!.account.password = EVIL_XML;
    input.lines[0]!.account.displayName = EVIL_XML;
    const mac = input.phone.mac as Mac;
    const files = new Map<string, string>();
    for (const name of plugin.servedFiles(mac, input.phone.model)) files.set(name, plugin.fileFor(name, mac)!.render(input));
    const all = [...files.values()].join('');
    assert.ok(!all.includes('<P2>owned'), 'no injected element');
    assert.ok(!all.includes('</settings><'), 'no early close');
    const parsed = plugin.parseBack(files, mac, input.phone.model);
    assert.deepEqual(verifyParsed(plugin, expectedFor(plugin, input), parsed), []);
    assert.equal(parsed.accounts[0]?.password, EVIL_XML);
  });
}
