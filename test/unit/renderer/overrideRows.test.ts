/** The Settings screen's override rows (renderer/screens/settings/overrideRows.ts): what they show and what they send. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phoneSettingsPatchSchema } from '../../../shared/domain/phoneSettings';
import {
  INHERIT,
  describeMatch,
  errorForRow,
  formOf,
  formsDiffer,
  isSiteRow,
  levelOf,
  localProblem,
  matchParts,
  replacedFields,
  rowOf,
  type OverrideView,
} from '../../../renderer/screens/settings/overrideRows';

const row = (r: Partial<OverrideView>): OverrideView => ({
  site: '',
  vendor: '',
  model: '',
  mac: '',
  adminPassword: '',
  userPassword: '',
  adminPasswordSet: false,
  userPasswordSet: false,
  ...r,
});

test('a row shows each matcher, "any" when empty, and the MAC as the UI writes it', () => {
  assert.deepEqual(
    matchParts(row({ site: 'HQ', mac: '805ec0aa0001' })).map((p) => `${p.label}=${p.value}`),
    ['site=HQ', 'vendor=any', 'model=any', 'MAC=80:5E:C0:AA:00:01'],
  );
  assert.equal(describeMatch(row({ vendor: 'Yealink', model: 'T46U' })), 'vendor Yealink, model T46U');
  assert.equal(describeMatch(row({})), 'every phone');
});

test('the level follows the backend order: site < vendor or model < vendor and model < MAC', () => {
  assert.equal(levelOf(row({ site: 'HQ' })), 'site');
  assert.equal(levelOf(row({ model: 'T46U' })), 'vendor or model');
  assert.equal(levelOf(row({ vendor: 'Yealink', model: 'T46U' })), 'vendor and model');
  assert.equal(levelOf(row({ site: 'HQ', mac: '805ec0aa0001' })), 'one phone (MAC)');
});

test('the fields a row replaces are listed; passwords only as set, never their text', () => {
  const shown = replacedFields(row({ timeZone: 'America/New_York', dateFormat: '', emergencyNumbers: ['112'], adminPasswordSet: true }));
  assert.deepEqual(shown, ['Emergency numbers: 112', 'Time zone: America/New_York', 'Date format: phone default', 'Admin password: set']);
  assert.deepEqual(replacedFields(row({ language: 'de' })), ['Language: German (de)']);
});

test('empty fields and "inherit" are left out of the row sent; a typed MAC becomes 12 hex digits; the API takes the row', () => {
  const f = {
    ...formOf(),
    site: ' HQ ',
    mac: '80:5E:C0:AA:00:01',
    timeZone: 'America/New_York',
    language: 'de',
    userPassword: 'Abcdefgh1',
  };
  const sent = rowOf(f);
  assert.deepEqual(sent, {
    site: 'HQ',
    vendor: '',
    model: '',
    mac: '805ec0aa0001',
    timeZone: 'America/New_York',
    language: 'de',
    userPassword: 'Abcdefgh1',
  });
  assert.equal(formOf().dateFormat, INHERIT);
  assert.ok(phoneSettingsPatchSchema.safeParse({ overrides: [sent] }).success);
  assert.equal(rowOf({ ...f, clearAdmin: true }).adminPassword, null, 'removing a saved password sends null');
});

test('a saved row edited back to what it was is not dirty', () => {
  const saved = row({ site: 'HQ', timeZone: 'Europe/London', language: '' });
  const f = formOf(saved);
  assert.equal(f.language, '', 'an explicit phone default stays apart from inherit');
  assert.equal(formsDiffer(f, formOf(saved)), false);
  assert.equal(formsDiffer({ ...f, timeZone: 'Europe/Paris' }, formOf(saved)), true);
});

test("the API's issues about the edited row land on the form's field names; a twin matcher is refused before sending", () => {
  const e = errorForRow({ message: 'bad', issues: [{ path: 'phones.overrides.2.timeZone', message: 'unknown' }] }, 2);
  assert.equal(e.issues?.[0]?.path, 'timeZone');
  const other = errorForRow({ message: 'bad', issues: [{ path: 'phones.overrides.1.timeZone', message: 'unknown' }] }, 2);
  assert.equal(other.issues?.[0]?.path, 'phones.overrides.1.timeZone');
  const rows = [row({ site: 'HQ' }), row({ model: 'T46U' })];
  assert.match(localProblem(rows, undefined, { ...formOf(), site: 'HQ' })?.issues?.[0]?.message ?? '', /row 1 already matches site HQ/);
  assert.equal(localProblem(rows, 0, { ...formOf(), site: 'HQ' }), undefined, 'the row itself is no twin');
  assert.match(localProblem(rows, undefined, { ...formOf(), timeZone: 'Europe/Paris' })?.message ?? '', /matches every phone/);
  assert.equal(isSiteRow(rows[0] as OverrideView), true);
  assert.equal(isSiteRow(rows[1] as OverrideView), false);
});
