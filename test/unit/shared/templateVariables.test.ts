/** Issue 16: key 1 "2001" landed on 10 phones with other extensions; variables fill in per phone. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Button } from '../../../shared/domain/button';
import { expandButtons, expandText, hasVariables, varsOf } from '../../../shared/templates/variables';

const accounts = new Map([
  ['a1', { userName: '2001', displayName: 'Reception' }],
  ['a2', { userName: '2002', displayName: 'Sales' }],
  ['a3', { userName: '2003', displayName: '' }],
]);
const phoneA = { mac: '805ec0112233', site: 'HQ floor 2', model: 'T46U', lines: [{ line: 1, accountId: 'a1' }] };
const phoneB = {
  mac: '805ec0112234',
  site: 'HQ floor 3',
  model: 'T54W',
  lines: [
    { line: 1, accountId: 'a2' },
    { line: 2, accountId: 'a3' },
  ],
};

const key = (k: number, type: Button['type'], value: string, label: string): Button => ({ key: k, type, value, label, line: 1 });

test('each phone gets its own extension, name and site', () => {
  const template = [key(1, 'line', '', '{ext} {name}'), key(2, 'speed_dial', '*97{ext}', 'VM {site}')];
  const a = expandButtons(template, varsOf(phoneA, accounts));
  const b = expandButtons(template, varsOf(phoneB, accounts));
  assert.deepEqual(
    a.buttons.map((x) => [x.value, x.label]),
    [
      ['', '2001 Reception'],
      ['*972001', 'VM HQ floor 2'],
    ],
  );
  assert.deepEqual(
    b.buttons.map((x) => [x.value, x.label]),
    [
      ['', '2002 Sales'],
      ['*972002', 'VM HQ floor 3'],
    ],
  );
  assert.deepEqual([a.problems, b.problems], [[], []]);
});

test('{lineN.user} and {lineN.name}; a variable the phone cannot fill is a problem, not an empty key', () => {
  const template = [key(3, 'blf', '{line2.user}', 'L2 {line2.name}')];
  const a = expandButtons(template, varsOf(phoneA, accounts));
  assert.deepEqual(a.problems, ['key 3: no value for {line2.user}, {line2.name}']);
  assert.equal(a.buttons[0]?.value, '{line2.user}', 'left as written, so it shows where it went wrong');
  const b = expandButtons(template, varsOf(phoneB, accounts));
  assert.equal(b.buttons[0]?.value, '2003');
  assert.deepEqual(b.problems, ['key 3: no value for {line2.name}'], 'line 2 has no display name');
});

test('text without variables is copied as it is; unknown names are problems; labels stay within 32 characters', () => {
  assert.equal(hasVariables('2001'), false);
  assert.equal(hasVariables('{ext}'), true);
  assert.deepEqual(expandText('Sales', varsOf(phoneA, accounts)), { text: 'Sales', missing: [] });
  assert.deepEqual(expandText('{floor}', varsOf(phoneA, accounts)).missing, ['{floor}']);
  assert.equal(expandText('{MAC}', varsOf(phoneA, accounts)).text, '80:5E:C0:11:22:33');
  const long = expandButtons([key(1, 'line', '', '{site} {site} {site}')], varsOf(phoneA, accounts));
  assert.equal(long.buttons[0]?.label.length, 32);
});
