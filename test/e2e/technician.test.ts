/**
 * End to end, as a technician drives it: the real backend started as headless mode starts it,
 * Debian's chromium, the namespace lab (swept from the UI) and a real Asterisk 22. Accounts are
 * added by hand and from a CSV with bad rows, buttons and a template are set, virtual phones boot
 * (steps 1-6 over HTTP, step 7 registering with Asterisk) and the live board is watched until it
 * shows them registered, and the one with a wrong password failed, with the reason in words.
 * Every wait is on the app's own signals; screenshots go to test-output/screens/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPhones } from '../../electron/sim/runner';
import { RegisteredPhones } from '../../electron/sim/sip/registerPhones';
import { userAgentOf, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import { parseMac, type Mac } from '../../shared/mac';
import { AsteriskLab } from '../lab/asterisk/lab';
import { labUnavailableReason } from '../lab/asterisk/chroot';
import { standardLab } from '../lab/fake-devices/profiles';
import { buildLab, labSkipReason, type Lab } from '../lab/netns/lab';
import { buildRenderer } from './support/renderer';
import { openBrowser, type TestBrowser } from './support/browser';
import { startHeadless, type Headless } from './support/headless';
import { AppShell } from './pages/app';
import { AccountsPage } from './pages/accounts';
import { ButtonsPage } from './pages/buttons';
import { PhonesPage } from './pages/phones';
import { DiscoverPage, LiveBoardPage, ReportPage, SettingsPage } from './pages/others';
import { skipReasonOutsideCi } from '../support/labUnderCi';

const netnsReason = labSkipReason();
const asteriskReason = labUnavailableReason();
const labReason = skipReasonOutsideCi('e2e', netnsReason ?? asteriskReason);

const SITE = 'Lab boot';
const BOOT = ['80:5E:C0:E2:E0:00', '80:5E:C0:E2:E0:01', '80:5E:C0:E2:E0:02', '80:5E:C0:E2:E0:03'];
const pw = (ext: string) => `pw-${ext};e2e`;

let server: Headless;
let browser: TestBrowser;
let shell: AppShell;
let netLab: Lab | undefined;
let pbx: AsteriskLab | undefined;
let tmp: string;
const registered = new RegisteredPhones();

before(async () => {
  // The renderer as it ships: a production build served by the backend.
  buildRenderer();
  tmp = await mkdtemp(join(tmpdir(), 'dp-e2e-files-'));
  if (!labReason) {
    netLab = await buildLab({ devices: standardLab() });
    // The PBX knows 2001-2004; its 2004 has another password than the one the CSV gives.
    pbx = await AsteriskLab.start({
      endpoints: [
        { userName: '2001', password: pw('2001') },
        { userName: '2002', password: pw('2002') },
        { userName: '2003', password: pw('2003') },
        { userName: '2004', password: 'the-pbx-has-another' },
      ],
      qualifyFrequency: 30,
    });
  }
  server = await startHeadless();
  browser = await openBrowser();
  shell = new AppShell(browser.page);
});

after(async () => {
  await registered.closeAll().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await pbx?.stop().catch(() => undefined);
  await netLab?.teardown().catch(() => undefined);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('the token is handed over through the fragment and wiped from the URL and history', async () => {
  const page = browser.page;
  await page.goto(server.uiUrl);
  await shell.waitLive();
  assert.doesNotMatch(page.url(), /token/);
  // Same history depth as a page opened without a token: the tokened entry was replaced, not kept.
  const control = await browser.context.newPage();
  await control.goto(server.adminUrl + '/');
  const depth = await control.evaluate(() => window.history.length);
  await control.getByText('Cannot reach the app').waitFor();
  await control.close();
  assert.equal(await page.evaluate(() => window.history.length), depth, 'the tokened URL replaced, not pushed');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('deskphone.adminToken')), server.adminToken);
  // A reload keeps working from sessionStorage, without the token in the URL.
  await page.reload();
  await shell.waitLive();
  await shell.go('phones');
  await shell.screenshot('01-phones-empty');
});

test('discover the namespace lab from the UI and add the phones found', { skip: netnsReason }, async () => {
  const lab = netLab as Lab;
  const discover = new DiscoverPage(browser.page);
  await shell.go('discover');
  await discover.sweep(lab.bridge);
  // What the sweep found, as the API has it; the screen must show the same phones.
  const found = (await server.api.inventory()).filter((d) => d.isPhone || d.calledIn);
  assert.ok(found.length >= lab.devices.filter((d) => d.profile.isPhone).length - 1, `phones found: ${found.length}`);
  await browser.page
    .getByTestId('devices-count')
    .filter({ hasText: `${found.length} device(s), ${found.length} not in the app yet` })
    .waitFor();
  await discover.devicesRow('Yealink').first().waitFor();
  await shell.screenshot('02-discover-swept');
  await discover.addAllNew();
  await shell.waitToast(/Added \d+ phone/);
  await browser.page
    .getByTestId('devices-count')
    .filter({ hasText: `${found.length} device(s), 0 not in the app yet` })
    .waitFor();
  const listed = await server.api.listPhones();
  assert.equal(listed.length, found.length);
  assert.ok(listed.some((p) => p.vendor === 'Yealink' && p.model === 'T46U'));
});

test('PBX settings: the AMI connection is tested from the UI and the link comes up', { skip: asteriskReason }, async () => {
  const lab = pbx as AsteriskLab;
  const settings = new SettingsPage(browser.page);
  await shell.go('settings');
  await settings.setPbx({
    amiHost: lab.amiHost,
    amiPort: lab.amiPort,
    amiUser: lab.amiUser,
    amiSecret: 'wrong-secret',
    sipHost: lab.sipHost,
    sipPort: lab.sipPort,
  });
  await shell.waitToast('PBX settings saved');
  const bad = await settings.testConnection();
  assert.match(bad, /Failed at: Logging in/);
  // The saved link says the same, live from the event stream (the screen does not poll).
  await settings.link.filter({ hasText: 'refused the login' }).waitFor({ timeout: 20_000 });
  assert.equal(await settings.link.getAttribute('data-state'), 'connecting');
  await shell.screenshot('03-settings-ami-refused');
  const saveSettings = async () => {
    const saved = browser.page.waitForResponse((r) => r.url().endsWith('/api/v1/settings') && r.request().method() === 'PATCH');
    await browser.page.getByTestId('pbx-save').click();
    assert.equal((await saved).status(), 200);
  };
  await browser.page.getByTestId('pbx-amiSecret').fill(lab.amiSecret);
  await saveSettings();
  // The saved secret is never in the page: the field is blank again, the hint says it is set.
  const secretField = browser.page.getByTestId('pbx-amiSecret');
  await browser.page
    .waitForFunction(() => (document.querySelector('[data-testid="pbx-amiSecret"]') as HTMLInputElement | null)?.value === '', undefined, {
      timeout: 5000,
    })
    .catch(() => undefined);
  assert.equal(await secretField.inputValue(), '');
  assert.match((await browser.page.getByTestId('pbx-amiSecret-hint').textContent()) ?? '', /^Set \(not shown\)/);
  assert.ok(!(await browser.page.content()).includes(lab.amiSecret), 'no AMI secret in the page');
  // Saving the form again without retyping it keeps it.
  await saveSettings();
  const good = await settings.testConnection();
  assert.match(good, /Connection works/);
  await settings.link.filter({ hasText: 'connected to Asterisk' }).waitFor({ timeout: 20_000 });
  // Then the contact list is read, and the screen shows Asterisk's own version.
  await browser.page.locator('[data-testid="pbx-link"][data-state="connected"][data-synced="true"]').waitFor({ timeout: 20_000 });
  assert.match((await settings.link.textContent()) ?? '', /connected to Asterisk 22\./);
  await shell.screenshot('04-settings-ami-ok');
});

test('accounts: one by hand, the rest from a CSV whose bad rows are marked and skipped', async () => {
  const accounts = new AccountsPage(browser.page);
  await shell.go('accounts');
  await accounts.addAccount({ userName: '2001', password: pw('2001'), displayName: 'Reception' });
  await shell.waitToast('Added account 2001');
  await accounts.accountRow('Reception').waitFor();

  const csv = [
    'mac,line,extension,password,display_name,user_type,site,model',
    `${BOOT[1]},1,2002,${pw('2002')},Sales,standard,${SITE},T46U`,
    `${BOOT[2]},1,2003,${pw('2003')},Support,standard,${SITE},T46U`,
    `${BOOT[3]},1,2004,${pw('2004')},Warehouse,standard,${SITE},T46U`,
    `not-a-mac,1,2005,x,Nobody,standard,${SITE},T46U`,
    `80:5E:C0:E2:E0:09,1,2009,,No password,standard,${SITE},T46U`,
    `80:5E:C0:E2:E0:0A,17,2010,x,Bad line,standard,${SITE},T46U`,
    `80:5E:C0:E2:E0:0B,1,2011,x,Bad type,boss,${SITE},T46U`,
  ].join('\n');
  const file = join(tmp, 'assignments.csv');
  await writeFile(file, csv);
  await accounts.importFile(file);
  assert.match(
    (await accounts.summary.textContent()) ?? '',
    /3 good row\(s\), 4 bad row\(s\)\..*create 3 account\(s\).*add 3 phone\(s\).*Nothing has been changed yet/,
  );
  assert.equal(await accounts.badRows().count(), 4);
  assert.equal(await accounts.goodRows().count(), 3);
  const reasons = (await accounts.badRows().allTextContents()).join('\n');
  assert.match(reasons, /is not a MAC address/);
  assert.match(reasons, /no password, and there is no account 2009/);
  assert.match(reasons, /"17" is not a line number/);
  assert.match(reasons, /"boss" is not a user type/);
  assert.equal((await server.api.listAccounts()).length, 1, 'nothing applied before confirming');
  await shell.screenshot('05-csv-preview');
  await accounts.apply();
  await shell.confirm();
  await shell.waitToast(/Imported 3 row\(s\)/, 30_000);
  assert.deepEqual((await server.api.listAccounts()).map((a) => a.userName).sort(), ['2001', '2002', '2003', '2004']);
  await shell.screenshot('06-accounts');
});

test('phones: one added by hand, assigned an account in its panel; search and filters', async () => {
  const phones = new PhonesPage(browser.page);
  await shell.go('phones');
  await phones.addPhone({ mac: BOOT[0] as string, model: 'T46U', site: SITE });
  await phones.assignLine(1, '2001 — Reception');
  await shell.waitToast(`Saved ${BOOT[0]}`);
  const saved = await server.api.getPhone({ params: { mac: BOOT[0] as string } });
  assert.equal(saved.lines.length, 1);
  await shell.screenshot('07-phone-panel');
  await phones.search('2003');
  await phones.row(BOOT[2] as string).waitFor();
  assert.equal(await phones.table.locator('[role="rowgroup"] .vt-row').count(), 1);
  await phones.search('');
  await browser.page.getByTestId('filter-status').selectOption('registered');
  assert.match(await phones.countText(), /^0 of \d+ phones$/);
  await browser.page.getByRole('button', { name: 'Clear filters' }).click();
});

test('buttons: a BLF without an extension is refused; keys saved; a template applied to every T46U', async () => {
  const buttons = new ButtonsPage(browser.page);
  await shell.go('buttons');
  await buttons.choosePhone(BOOT[0] as string);
  await buttons.setKey(2, { type: 'blf', value: '', label: 'Sales' });
  await buttons.problems.filter({ hasText: '1 key(s) need fixing' }).waitFor();
  assert.equal(await buttons.saveButton.isDisabled(), true);
  await browser.page.getByText('a BLF (busy lamp) key needs an extension or number').waitFor();
  await shell.screenshot('08-buttons-invalid');
  await buttons.setKey(2, { type: 'blf', value: '2002', label: 'Sales' });
  await buttons.setKey(3, { type: 'speed_dial', value: '+441234567890', label: 'Office' });
  await buttons.saveButton.click();
  await shell.waitToast(/Saved \d key\(s\) on/);
  const phone = await server.api.getPhone({ params: { mac: BOOT[0] as string } });
  assert.deepEqual(
    phone.buttons.map((b) => [b.key, b.type, b.value]),
    [
      [2, 'blf', '2002'],
      [3, 'speed_dial', '+441234567890'],
    ],
  );
  await buttons.saveAsTemplate('Lab T46U');
  await shell.waitToast('Template “Lab T46U” saved');
  await buttons.chooseTemplate('Lab T46U');
  await buttons.applyToModel();
  await shell.confirm();
  await shell.waitToast(/Applied “Lab T46U” to \d+ phone/);
  const after = await server.api.getPhone({ params: { mac: BOOT[1] as string } });
  assert.deepEqual(
    after.buttons.map((b) => b.key),
    [2, 3],
  );
  await shell.screenshot('09-buttons-template');
});

test('live board: virtual phones boot, three register with Asterisk, the wrong password is named', { skip: asteriskReason }, async () => {
  const live = new LiveBoardPage(browser.page);
  await shell.go('live');
  await live.setSite(SITE);
  await live.waitCount('waiting', 4);
  // These phones were added without serials: their site takes the first serial instead of waiting for approval.
  await server.api.updateSettings({ body: { security: { trustFirstSerialSites: [SITE] } } });
  const identities: PhoneIdentity[] = BOOT.map((m, i) => ({
    mac: parseMac(m) as Mac,
    serial: `E2E000${i}`,
    vendor: '',
    model: 'T46U',
    firmware: '108.86.0.20',
  }));
  const summary = await runPhones(identities, { rpsUrl: server.rpsUrl });
  assert.deepEqual(
    summary.results.filter((r) => !r.ok).map((r) => r.reason),
    [],
  );
  await live.waitCount('progress', 4, 20_000);
  await shell.screenshot('10-live-configured');
  await registered.registerAll(
    summary.results.map((r, i) => ({
      mac: r.mac,
      userAgent: userAgentOf(identities[i] as PhoneIdentity),
      accounts: r.config?.accounts ?? [],
    })),
  );
  await live.waitCount('registered', 3, 60_000);
  await live.waitCount('failed', 1, 60_000);
  const failedRow = live.row(BOOT[3] as string);
  await failedRow.locator('.reason', { hasText: /Wrong password/ }).waitFor();
  await browser.page.locator('[data-testid="reached-7"]', { hasText: '3 / 4' }).waitFor();
  await shell.screenshot('11-live-registered');
});

test('report: every phone with MAC, model, extension, buttons and final status; CSV download', async () => {
  const report = new ReportPage(browser.page);
  await shell.go('report');
  const total = (await server.api.listPhones()).length;
  assert.equal(await report.rows().count(), total);
  const csv = await report.downloadCsv();
  const lines = csv
    .replace(/^\ufeff/, '')
    .trim()
    .split(/\r\n/);
  assert.equal(lines[0], 'MAC,Vendor,Model,IP,Site,User type,Extensions,Buttons,Status,Problem,Last seen,Tested,Firmware');
  assert.equal(lines.length, total + 1);
  const first = lines.find((l) => l.startsWith(BOOT[0] as string)) ?? '';
  assert.match(first, /1: 2001 \(Reception\)/);
  assert.match(first, /2 BLF 2002 Sales, 3 Speed dial \+441234567890 Office/);
  if (!asteriskReason) {
    assert.match(first, /,Registered,/);
    assert.match(lines.find((l) => l.startsWith(BOOT[3] as string)) ?? '', /Wrong password/);
  }
  await shell.screenshot('12-report');
});

test('phone panel: a registered phone is locked; re-opened, it fetches its files again', { skip: asteriskReason }, async () => {
  const mac = BOOT[2] as string;
  assert.ok((await server.api.getPhone({ params: { mac } })).lockedAt, 'locked once it registered');
  const identity: PhoneIdentity = { mac: parseMac(mac) as Mac, serial: 'E2E0002', vendor: '', model: 'T46U', firmware: '108.86.0.20' };
  const refused = await runPhones([identity], { rpsUrl: server.rpsUrl });
  assert.equal(refused.results[0]?.ok, false, 'a locked phone is refused its account file');
  const phones = new PhonesPage(browser.page);
  await shell.go('phones');
  await phones.open(mac);
  const notice = phones.panel.getByTestId('phone-locked');
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? '', /Locked since it registered/);
  await shell.screenshot('13-phone-locked');
  await phones.panel.getByRole('button', { name: 'Re-open' }).click();
  await shell.waitToast(/Re-opened/);
  await notice.waitFor({ state: 'detached' });
  assert.equal((await server.api.getPhone({ params: { mac } })).lockedAt, undefined);
  const served = await runPhones([identity], { rpsUrl: server.rpsUrl });
  assert.deepEqual(
    served.results.map((r) => r.reason ?? 'ok'),
    ['ok'],
  );
});
