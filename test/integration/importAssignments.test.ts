import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../shared/api/client';
import { parseAssignmentCsv } from '../../shared/csv/assignmentCsv';
import { planImport } from '../../shared/csv/importPlan';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
before(async () => {
  backend = await startTestBackend();
});
after(async () => {
  await backend.cleanup();
});

async function planFor(csv: string) {
  const [accounts, phones] = await Promise.all([backend.api.listAccounts(), backend.api.listPhones()]);
  const parsed = parseAssignmentCsv(csv, {
    knownAccounts: accounts,
    defaults: { serverHost: 'pbx.local', serverPort: 5060, transport: 'udp' },
  });
  assert.deepEqual(parsed.fileErrors, []);
  const good = parsed.rows.flatMap((r) => (r.errors.length === 0 && r.value ? [r.value] : []));
  return planImport(good, { accounts, phones });
}

test('a previewed CSV import is applied all at once, and one undo takes all of it back', async () => {
  const existing = await backend.api.createPhone({ body: { mac: '805ec0aa0001', serial: 'E1', site: 'Old' } });
  const plan = await planFor(
    [
      'mac,line,extension,password,display_name,site',
      '80:5E:C0:AA:00:01,1,3001,pw-3001,Ann,HQ',
      '80:5E:C0:AA:00:02,1,3002,pw-3002,Bo,HQ',
      '80:5E:C0:AA:00:02,2,3001,,,HQ',
    ].join('\n'),
  );
  assert.equal(plan.newAccounts.length, 2);
  const result = await backend.api.importAssignments({ body: plan });
  const phones = await backend.api.listPhones();
  assert.equal(phones.length, 2);
  const second = phones.find((p) => p.mac === '805ec0aa0002');
  assert.deepEqual(
    second?.lines.map((l) => l.line),
    [1, 2],
  );
  assert.equal(phones.find((p) => p.mac === existing.mac)?.site, 'HQ');
  const accounts = await backend.api.listAccounts();
  assert.deepEqual(accounts.map((a) => [a.userName, a.source]).sort(), [
    ['3001', 'csv'],
    ['3002', 'csv'],
  ]);

  await backend.api.undo({ params: { undoId: result.undoId } });
  const afterUndo = await backend.api.listPhones();
  assert.deepEqual(
    afterUndo.map((p) => [p.mac, p.site, p.lines.length]),
    [[existing.mac, 'Old', 0]],
  );
  assert.deepEqual(await backend.api.listAccounts(), []);
});

test('a plan that no longer fits (an account created meanwhile) changes nothing', async () => {
  const plan = await planFor(['mac,line,extension,password', '80:5E:C0:AA:00:09,1,4001,pw'].join('\n'));
  await backend.api.createAccount({
    body: { userName: '4001', password: 'x', serverHost: plan.newAccounts[0]?.input.serverHost ?? 'pbx.local' },
  });
  const before = await backend.api.listPhones();
  await assert.rejects(backend.api.importAssignments({ body: plan }), (e: Error) => e instanceof ApiError && e.status === 409);
  assert.equal((await backend.api.listPhones()).length, before.length);
});

test('issue 16: the pallet list (MAC, serial) creates and updates phones; a password equal to the saved one is not counted as changed', async () => {
  const before = await backend.api.createPhone({ body: { mac: '805ec0bb0001', site: 'Dock' } });
  const pallet = await planFor(['mac,serial', '80:5E:C0:BB:00:01,SN-BB-1', '80:5E:C0:BB:00:02,SN-BB-2'].join('\n'));
  const r1 = await backend.api.importAssignments({ body: pallet });
  assert.deepEqual([r1.phonesCreated, r1.phonesUpdated, r1.accountsCreated], [1, 1, 0]);
  const phones = await backend.api.listPhones();
  assert.equal(phones.find((p) => p.mac === before.mac)?.serial, 'SN-BB-1');
  assert.equal(phones.find((p) => p.mac === before.mac)?.site, 'Dock', 'fields the file leaves out are kept');
  assert.equal(phones.find((p) => p.mac === '805ec0bb0002')?.serial, 'SN-BB-2');
  assert.deepEqual(phones.find((p) => p.mac === '805ec0bb0002')?.lines, []);

  await backend.api.createAccount({ body: { userName: '3101', password: 'same-pw', serverHost: 'pbx.local' } });
  await backend.api.createAccount({ body: { userName: '3102', password: 'old-pw', serverHost: 'pbx.local' } });
  const full = await planFor(
    ['mac,line,extension,password,serial', '80:5E:C0:BB:00:01,1,3101,same-pw,SN-BB-1', '80:5E:C0:BB:00:02,1,3102,new-pw,SN-BB-2'].join(
      '\n',
    ),
  );
  assert.equal(full.passwordChanges.length, 2, 'the plan carries both passwords');
  const r2 = await backend.api.importAssignments({ body: full });
  assert.deepEqual([r2.passwordsChanged, r2.passwordsUnchanged], [1, 1]);
});
