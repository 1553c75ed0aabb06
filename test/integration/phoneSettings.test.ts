/**
 * The site's phone settings through the admin API (docs/API.md, "Phone settings"): set with
 * PATCH /api/v1/settings `phones`, the passwords come back only as "set" flags, are sealed at rest,
 * shown only on request, and reach each phone's files; bad input gets a 4xx naming the field and
 * changes nothing; a site override wins over the default site.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../shared/api/client';
import type { SettingsPatch } from '../../shared/domain/settings';
import { phoneSettingsFor } from '../../electron/backend/usecases/settings';
import { startTestBackend, type TestBackend } from '../support/backend';

const ADMIN = 'Adm1nSecret42';
let backend: TestBackend;
let accUrl: string;
let mac: string;

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return res.text();
}

async function refused(body: SettingsPatch, field: RegExp): Promise<void> {
  const before = JSON.stringify(backend.ctx.store.state.settings);
  const error = await backend.api.updateSettings({ body }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof ApiError, 'refused');
  assert.ok(error.status >= 400 && error.status < 500, `4xx, got ${error.status}`);
  assert.match(JSON.stringify(error.body), field);
  assert.equal(JSON.stringify(backend.ctx.store.state.settings), before, 'nothing changed');
}

before(async () => {
  backend = await startTestBackend({ httpsPort: false });
  const account = await backend.api.createAccount({
    body: { label: '1001', displayName: 'Alice', userName: '1001', password: 'sip-pw-1001', serverHost: '127.0.0.1' },
  });
  mac = '001565aabb01';
  await backend.api.createPhone({ body: { mac, serial: 'S1', site: 'HQ', lines: [{ line: 1, accountId: account.id }] } });
  accUrl = (await backend.api.getPhone({ params: { mac } })).provisioningUrl + 'ACC.cfg';
});

after(() => backend.cleanup());

test('PATCH settings.phones sets the dial plan, time zone and admin password; the password comes back only as "set"', async () => {
  const view = await backend.api.updateSettings({
    body: {
      pbx: { sipHost: '127.0.0.1' },
      phones: {
        dialPlan: '[2-4]xxx | 0[1-9]x. | 9xx.',
        emergencyNumbers: ['112', '911'],
        timeZone: 'Europe/Paris',
        dateFormat: 'DD/MM/YYYY',
        timeFormat: '24h',
        language: 'fr',
        adminPassword: ADMIN,
      },
    },
  });
  assert.equal(view.phones.adminPassword, '');
  assert.equal(view.phones.adminPasswordSet, true);
  assert.equal(view.phones.userPasswordSet, false);
  assert.equal(view.phones.timeZone, 'Europe/Paris');
  const raw = await (
    await fetch(backend.adminUrl + '/api/v1/settings', { headers: { Authorization: `Bearer ${backend.adminToken}` } })
  ).text();
  assert.ok(!raw.includes(ADMIN), 'no admin password in GET settings');
});

test("the phone's files carry them, in Yealink syntax for the default dialect, with the PBX as NTP server", async () => {
  const acc = await fetchText(accUrl);
  assert.match(acc, /^dialplan\.digitmap\.string = 112\|911\|\[2-4\]xxx\|0\[1-9\]x\.\|9xx\.$/m);
  assert.match(acc, /^dialplan\.dialnow\.rule\.1 = 112$/m);
  assert.match(acc, /^local_time\.time_zone = \+1$/m);
  assert.match(acc, /^local_time\.start_time = 3\/5\/7\/2$/m);
  assert.match(acc, /^local_time\.ntp_server1 = 127\.0\.0\.1$/m);
  assert.match(acc, /^local_time\.date_format = 3$/m);
  assert.match(acc, /^lang\.gui = French$/m);
  assert.match(acc, new RegExp(`^static\\.security\\.user_password = admin:${ADMIN}$`, 'm'));
});

test('passwords are sealed at rest and shown only on request; generated ones are strong and per site', async () => {
  const files = await readdir(backend.dataDir, { recursive: true });
  for (const f of files) {
    const text = await readFile(join(backend.dataDir, f)).then(
      (b) => b.toString('utf8'),
      () => '',
    );
    assert.ok(!text.includes(ADMIN), `${f} holds the admin password in clear`);
  }
  assert.deepEqual(await backend.api.revealPhonePasswords({ body: { site: '' } }), { adminPassword: ADMIN, userPassword: '' });
  const view = await backend.api.generatePhonePasswords({ body: { site: 'HQ', which: 'both' } });
  const row = view.phones.overrides.find((o) => o.site === 'HQ');
  assert.equal(row?.adminPasswordSet, true);
  assert.equal(row?.userPasswordSet, true);
  const hq = await backend.api.revealPhonePasswords({ body: { site: 'HQ' } });
  assert.match(hq.adminPassword, /^[A-Za-z0-9]{20}$/);
  assert.notEqual(hq.adminPassword, hq.userPassword);
  // The phone at site HQ now gets the site's own password.
  const acc = await fetchText(accUrl);
  assert.match(acc, new RegExp(`^static\\.security\\.user_password = admin:${hq.adminPassword}$`, 'm'));
  assert.match(acc, new RegExp(`^static\\.security\\.user_password = user:${hq.userPassword}$`, 'm'));
});

test('sending back the view keeps the passwords; null removes one', async () => {
  const view = await backend.api.getSettings();
  await backend.api.updateSettings({ body: view as SettingsPatch });
  assert.equal(backend.ctx.store.state.settings.phones.adminPassword, ADMIN);
  assert.ok(backend.ctx.store.state.settings.phones.overrides[0]?.adminPassword);
  await backend.api.updateSettings({ body: { phones: { userPassword: null } } });
  assert.equal(backend.ctx.store.state.settings.phones.userPassword, '');
  assert.equal(backend.ctx.store.state.settings.phones.adminPassword, ADMIN);
});

test('an unknown time zone, a dial plan that does not parse and a password a vendor cannot take get a 4xx naming the field', async () => {
  await refused({ phones: { timeZone: 'Mars/Olympus_Mons' } }, /timeZone/);
  await refused({ phones: { dialPlan: '[2-4xxx' } }, /dialPlan/);
  await refused({ phones: { dialPlan: '9xx.|abc' } }, /dialPlan/);
  await refused({ phones: { adminPassword: 'short' } }, /adminPassword/);
  await refused({ phones: { userPassword: 'has spaces and ü 123' } }, /userPassword/);
  await refused({ phones: { emergencyNumbers: ['11a2'] } }, /emergencyNumbers/);
});

test('override rows that match every phone, or the same phones as another row, are refused naming the row; nothing changes', async () => {
  await refused(
    { phones: { overrides: [{ site: '', vendor: '', model: '', mac: '', timeZone: 'Europe/Paris' }] } },
    /overrides.*0.*site.*every phone/,
  );
  await refused(
    {
      phones: {
        overrides: [
          { site: 'HQ', vendor: 'Yealink', model: '', mac: '', language: 'de' },
          { site: 'HQ', vendor: 'yealink', model: '', mac: '', language: 'fr' },
        ],
      },
    },
    /overrides.*1.*same phones as row 1/,
  );
});

test('a vendor row matches the phones of that vendor however their record spells it (Polycom is Poly)', async () => {
  const { api } = backend;
  const account = await api.createAccount({ body: { userName: '1102', password: 'sip-pw-1102', serverHost: '127.0.0.1' } });
  await api.createPhone({
    body: { mac: '0004f2aabb12', serial: 'S12', vendor: 'Polycom', model: 'VVX 410', lines: [{ line: 1, accountId: account.id }] },
  });
  const current = (await api.getSettings()).phones.overrides;
  await api.updateSettings({
    body: {
      phones: {
        overrides: [...current, { site: '', vendor: 'Poly', model: '', mac: '', timeZone: 'Asia/Tokyo' }],
      } as SettingsPatch['phones'],
    },
  });
  const phone = backend.ctx.store.state.phones.get('0004f2aabb12');
  assert.ok(phone);
  const { settings } = phoneSettingsFor(backend.ctx, phone);
  assert.equal(settings.timeZone, 'Asia/Tokyo');
});

test('hot desking on a vendor whose files have no login is refused with the reason, naming userType, before any file is served', async () => {
  const error = await backend.api
    .createPhone({ body: { mac: '0004f2aabb02', vendor: 'Poly', model: 'VVX 410', userType: 'hotdesk' } })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 400);
  assert.match(error.message, /Hot desking is not available on Poly phones/);
  assert.match(JSON.stringify(error.body), /userType/);
  assert.equal(backend.ctx.store.state.phones.has('0004f2aabb02'), false);
  // A Yealink hot-desk phone is fine.
  await backend.api.createPhone({ body: { mac: '805ec0aabb03', vendor: 'Yealink', model: 'T46U', userType: 'hotdesk' } });
  // A phone of no recorded maker turned hot-desk, whose RPS request says Grandstream: not redirected.
  await backend.api.createPhone({ body: { mac: '000b82aabb04', userType: 'hotdesk', serial: 'GS4' } });
  const res = await fetch(backend.rpsUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ mac: '000b82aabb04', serial: 'GS4', vendor: 'Grandstream', model: 'GXP2135' }),
  });
  assert.ok(res.status >= 400 && res.status < 500, `refused, got ${res.status}`);
  const timeline = await backend.api.timeline({ params: { mac: '000b82aabb04' } });
  assert.ok(
    timeline.some((e) => e.step === 2 && e.outcome === 'failed' && /Hot desking is not available on Grandstream/.test(e.reason ?? '')),
  );
});
