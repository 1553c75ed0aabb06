import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteReport, summarize, reportCsv, testedSentence, type ReportPhone } from '../../../shared/report/siteReport';
import { foldTimeline } from '../../../shared/flow/machine';
import { parseCsv } from '../../../shared/csv/csv';

const at = '2025-01-01T10:00:00.000Z';
const ev = (mac: string, step: 1 | 2 | 3 | 4 | 5 | 6 | 7, outcome: 'ok' | 'failed' = 'ok', reason?: string) => ({
  seq: 0,
  mac,
  step,
  at,
  outcome,
  ip: '10.9.0.5',
  userAgent: '',
  ...(step === 6 ? { provides: ['account', 'buttons'] as ('account' | 'buttons')[] } : {}),
  ...(reason ? { reason } : {}),
});

const base = { vendor: 'Yealink', model: 'T46U', lastIp: '', userType: 'standard', buttons: [] };
const phones: ReportPhone[] = [
  {
    ...base,
    mac: '805ec0112244',
    site: 'B',
    lines: [{ line: 1, accountId: 'a1' }],
    buttons: [
      { key: 1, type: 'line', value: '', label: 'Alice', line: 1 },
      { key: 2, type: 'blf', value: '1002', label: 'Bob', line: 1 },
      { key: 3, type: 'none', value: '', label: '', line: 1 },
    ],
    flow: foldTimeline([1, 2, 3, 4, 5, 6, 7].map((s) => ev('805ec0112244', s as 1))),
  },
  {
    ...base,
    mac: '805ec0112233',
    site: 'A',
    lines: [{ line: 1, accountId: 'gone' }],
    flow: foldTimeline([ev('805ec0112233', 1), ev('805ec0112233', 2), ev('805ec0112233', 7, 'failed', 'wrong password for 1001')]),
  },
  { ...base, mac: '805ec0112255', site: 'A', lines: [], userType: 'hotdesk', flow: foldTimeline([]) },
];

test('rows carry MAC, IP, extensions, buttons, final status and the reason for a failure', () => {
  const rows = siteReport(phones, [{ id: 'a1', userName: '1001', displayName: 'Alice' }]);
  assert.deepEqual(
    rows.map((r) => r.mac),
    ['80:5E:C0:11:22:33', '80:5E:C0:11:22:55', '80:5E:C0:11:22:44'],
  );
  const ok = rows[2]!;
  assert.equal(ok.ip, '10.9.0.5');
  assert.equal(ok.extensions, '1: 1001 (Alice)');
  assert.equal(ok.buttons, '1 Line Alice, 2 BLF 1002 Bob');
  assert.equal(ok.status, 'Registered');
  assert.equal(ok.registered, true);
  const bad = rows[0]!;
  assert.equal(bad.extensions, '1: (missing account)');
  assert.equal(bad.status, 'Failed');
  assert.match(bad.problem, /^Step 7 \(Registered\): wrong password for 1001$/);
  assert.equal(rows[1]!.userType, 'Hot-desk');
  assert.deepEqual(summarize(rows), { total: 3, registered: 1, failed: 1, waiting: 1, tested: 0, wrongDesk: 0 });
});

test('the CSV has one line per phone under the report header', () => {
  const csv = parseCsv(reportCsv(siteReport(phones, [])));
  assert.equal(csv.header[0], 'MAC');
  assert.equal(csv.rows.length, 3);
  assert.equal(csv.rows[2]?.cells[7], '1 Line Alice, 2 BLF 1002 Bob');
});

test('the Tested column and the summary say which phones answered at their desk', () => {
  const checked: ReportPhone[] = [
    { ...phones[0]!, deskCheck: { outcome: 'confirmed', at: '2026-11-30T07:10:12.000Z', ring: 'answered' } },
    { ...phones[1]!, deskCheck: { outcome: 'wrong-desk', at: '2026-11-30T07:11:00.000Z', note: 'rang on desk 16' } },
    phones[2]!,
  ];
  const rows = siteReport(checked, []);
  const byMac = new Map(rows.map((r) => [r.mac, r]));
  assert.equal(byMac.get('80:5E:C0:11:22:44')?.tested, 'Answered at its desk, 2026-11-30 07:10');
  assert.equal(byMac.get('80:5E:C0:11:22:33')?.tested, 'Wrong desk: rang on desk 16, 2026-11-30 07:11');
  assert.equal(byMac.get('80:5E:C0:11:22:55')?.tested, '');
  const sum = summarize(rows);
  assert.equal(sum.tested, 1);
  assert.equal(sum.wrongDesk, 1);
  assert.equal(testedSentence(sum), '1 of 3 phones answered at their desk');
  const csv = parseCsv(reportCsv(rows));
  const column = csv.header.indexOf('Tested');
  assert.ok(column > 0, 'a Tested column');
  assert.equal(csv.rows.find((r) => r.cells[0] === '80:5E:C0:11:22:44')?.cells[column], 'Answered at its desk, 2026-11-30 07:10');
});

test('the handover report lists the firmware each phone runs, as its last column', () => {
  const base = phones[0] as ReportPhone;
  const rows = siteReport([{ ...base, firmware: '108.86.0.90' }], []);
  assert.equal(rows[0]?.firmware, '108.86.0.90');
  assert.equal(siteReport([base], [])[0]?.firmware, '');
  assert.ok(reportCsv(rows).trim().split(/\r?\n/)[0]?.endsWith(',Firmware'));
  assert.ok(reportCsv(rows).trim().split(/\r?\n/)[1]?.endsWith(',108.86.0.90'));
});

test('the handover report lists the phone web passwords as "set", never in clear', async () => {
  const { phoneSettingsReport } = await import('../../../shared/report/siteReport');
  const lines = phoneSettingsReport({
    adminPasswordSet: true,
    userPasswordSet: false,
    timeZone: 'Europe/Paris',
    ntpServer: '',
    dialPlan: '[2-4]xxx',
    emergencyNumbers: ['112'],
    overrides: [{ site: 'HQ', vendor: '', model: '', mac: '', adminPasswordSet: true, userPasswordSet: true }],
  });
  assert.equal(lines[0], 'Phone web admin password: set');
  assert.equal(lines[1], 'Phone web user password: not set');
  assert.match(lines[2] ?? '', /Europe\/Paris; NTP server: the PBX/);
  assert.equal(lines.at(-1), 'site HQ: admin password set, user password set');
});
