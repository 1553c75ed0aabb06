import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAssignmentCsv, assignmentRows, ASSIGNMENT_COLUMNS, type ImportContext } from '../../../shared/csv/assignmentCsv';
import { planImport } from '../../../shared/csv/importPlan';
import { serializeCsv } from '../../../shared/csv/csv';

const ctx: ImportContext = {
  knownAccounts: [{ userName: '2000', serverHost: 'pbx.local' }],
  defaults: { serverHost: 'pbx.local', serverPort: 5060, transport: 'udp' },
};

const GOOD = [
  'MAC Address,line,extension,password,display_name,user_type,site',
  '80:5E:C0:11:22:33,1,1001,s3cret,Alice,standard,HQ',
  '805ec0112233,2,2000,,Shared,,HQ',
  '80-5e-c0-11-22-44,,1002,pw2,Bob,,HQ',
  '80:5e:c0:11:22:55,,,,,hot-desk,Lobby',
].join('\n');

test('good rows parse into values, with defaults for server, port, transport and line', () => {
  const r = parseAssignmentCsv(GOOD, ctx);
  assert.deepEqual(r.fileErrors, []);
  assert.deepEqual(
    r.rows.map((x) => x.errors),
    [[], [], [], []],
  );
  assert.deepEqual(r.rows[0]?.value, {
    mac: '805ec0112233',
    line: 1,
    account: {
      userName: '1001',
      password: 's3cret',
      displayName: 'Alice',
      label: '',
      serverHost: 'pbx.local',
      serverPort: 5060,
      transport: 'udp',
    },
    userType: 'standard',
    site: 'HQ',
  });
  assert.equal(r.rows[2]?.value?.line, 1);
  assert.equal(r.rows[3]?.value?.userType, 'hotdesk');
  assert.equal(r.rows[3]?.value?.account, undefined);
});

test('every bad row is marked with every reason, by column', () => {
  const text = [
    'mac,line,extension,password,port,transport,user_type',
    'not-a-mac,1,1001,pw,5060,udp,standard',
    '805ec0112233,17,10 01,pw,99999,carrier-pigeon,boss',
    '805ec0112234,1,3000,,,,',
    '805ec0112235,1,,,,,standard',
    '805ec0112236,1,1005,pw,,,',
    '805ec0112236,1,1006,pw,,,',
    '805ec0112237,1,1007,a,,,',
    '805ec0112238,1,1007,b,,,',
  ].join('\n');
  const r = parseAssignmentCsv(text, ctx);
  const cols = r.rows.map((x) => x.errors.map((e) => e.column).sort());
  assert.deepEqual(cols[0], ['mac']);
  assert.deepEqual(cols[1], ['extension', 'line', 'port', 'transport', 'user_type']);
  assert.deepEqual(cols[2], ['password']);
  assert.match(r.rows[2]?.errors[0]?.message ?? '', /no password/);
  assert.deepEqual(cols[3], [], 'no extension: the phone comes in without an account (issue 16)');
  assert.deepEqual(cols[4], []);
  assert.deepEqual(cols[5], ['line']);
  assert.match(r.rows[5]?.errors[0]?.message ?? '', /already set on line 6/);
  assert.deepEqual(cols[7], ['password']);
  assert.ok(r.rows.every((x) => x.errors.length > 0 === (x.value === undefined)));
  assert.deepEqual(
    r.rows.map((x) => x.fileLine),
    [2, 3, 4, 5, 6, 7, 8, 9],
  );
});

test('a row may reuse an account another row gives a password for', () => {
  const r = parseAssignmentCsv('mac,line,extension,password\n805ec0112233,1,4000,pw\n805ec0112244,2,4000,\n', ctx);
  assert.deepEqual(
    r.rows.map((x) => x.errors),
    [[], []],
  );
  const plan = planImport(
    r.rows.map((x) => x.value!),
    { accounts: [], phones: [] },
  );
  assert.equal(plan.newAccounts.length, 1);
  assert.deepEqual(
    plan.phones.map((p) => p.lines),
    [[{ line: 1, accountKey: '4000@pbx.local' }], [{ line: 2, accountKey: '4000@pbx.local' }]],
  );
});

test('file-level problems: empty file, no mac column, unknown columns, bad quoting', () => {
  assert.equal(parseAssignmentCsv('', ctx).fileErrors.length, 1);
  assert.match(parseAssignmentCsv('foo,bar\n1,2', ctx).fileErrors[0] ?? '', /no "mac" column/);
  assert.deepEqual(parseAssignmentCsv('mac,colour\n805ec0112233,red', ctx).unknownColumns, ['colour']);
  assert.match(parseAssignmentCsv('mac\n"805ec', ctx).fileErrors[0] ?? '', /never closed/);
});

test('plan: existing accounts are referenced, new ones created, phones marked new or existing', () => {
  const r = parseAssignmentCsv(GOOD, ctx);
  const plan = planImport(
    r.rows.flatMap((x) => (x.value ? [x.value] : [])),
    { accounts: [{ id: 'acc-2000', userName: '2000', serverHost: 'pbx.local' }], phones: [{ mac: '805ec0112233', lines: [] }] },
  );
  assert.deepEqual(
    plan.newAccounts.map((a) => a.key),
    ['1001@pbx.local', '1002@pbx.local'],
  );
  assert.equal(plan.passwordChanges.length, 0);
  const first = plan.phones.find((p) => p.mac === '805ec0112233');
  assert.equal(first?.exists, true);
  assert.deepEqual(first?.lines, [
    { line: 1, accountKey: '1001@pbx.local' },
    { line: 2, accountKey: '2000@pbx.local' },
  ]);
  assert.equal(plan.phones.length, 3);
});

test('export rows re-import to the same values', () => {
  const rows = assignmentRows([
    {
      mac: '805ec0112233',
      line: 1,
      account: {
        userName: '1001',
        password: 'pw',
        displayName: 'Alice, A.',
        label: '',
        serverHost: 'pbx.local',
        serverPort: 5060,
        transport: 'udp',
      },
      userType: 'standard',
      site: 'HQ',
      vendor: 'Yealink',
      model: 'T46U',
    },
  ]);
  const text = serializeCsv(ASSIGNMENT_COLUMNS, rows);
  const back = parseAssignmentCsv(text, ctx);
  assert.deepEqual(back.rows[0]?.errors, []);
  assert.equal(back.rows[0]?.value?.account?.displayName, 'Alice, A.');
  assert.equal(back.rows[0]?.value?.model, 'T46U');
});

test('the pallet list: MAC and serial only, every row good, phones without accounts (issue 16)', () => {
  const text = ['MAC,Serial Number', '80:5E:C0:11:22:60,801234567890', '80-5E-C0-11-22-61,801234567891', '805ec0112262,'].join('\r\n');
  const r = parseAssignmentCsv(text, ctx);
  assert.deepEqual(r.unknownColumns, []);
  assert.deepEqual(
    r.rows.map((x) => x.errors),
    [[], [], []],
  );
  assert.deepEqual(
    r.rows.map((x) => [x.value?.mac, x.value?.serial, x.value?.account]),
    [
      ['805ec0112260', '801234567890', undefined],
      ['805ec0112261', '801234567891', undefined],
      ['805ec0112262', undefined, undefined],
    ],
  );
  const plan = planImport(
    r.rows.map((x) => x.value!),
    { accounts: [], phones: [{ mac: '805ec0112261', lines: [] }] },
  );
  assert.equal(plan.newAccounts.length, 0);
  assert.deepEqual(
    plan.phones.map((p) => [p.mac, p.exists, p.serial, p.lines]),
    [
      ['805ec0112260', false, '801234567890', []],
      ['805ec0112261', true, '801234567891', []],
      ['805ec0112262', false, undefined, []],
    ],
  );
  // A password without an extension is still refused.
  assert.deepEqual(
    parseAssignmentCsv('mac,serial,password\n805ec0112263,1,pw\n', ctx).rows[0]?.errors.map((e) => e.column),
    ['extension'],
  );
});

test('the sample file parses with no problems and shows both kinds of row', async () => {
  const { sampleAssignmentRows } = await import('../../../shared/csv/assignmentCsv');
  const text = serializeCsv(ASSIGNMENT_COLUMNS, sampleAssignmentRows());
  const r = parseAssignmentCsv(text, ctx);
  assert.deepEqual(r.fileErrors, []);
  assert.ok(r.rows.length >= 3);
  assert.ok(r.rows.every((x) => x.errors.length === 0));
  assert.ok(r.rows.some((x) => x.value?.account && x.value.serial));
  assert.ok(r.rows.some((x) => !x.value?.account && x.value?.serial));
});
