/**
 * Issue 16, the technician's day, in Debian's chromium at 1366x768 against the real backend
 * started as headless mode starts it (no lab needed: the phones are seeded through the admin
 * API). Search and bulk actions, the PBX link banners, unsaved-changes prompts, the pallet CSV,
 * layout, form errors, template variables and the Discover row. Screenshots go to
 * test-output/screens/day-*.png.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, type TestBrowser } from './support/browser';
import { startHeadless, type Headless } from './support/headless';
import { seedFloors, type SeededPhone } from './support/seed';
import { AppShell } from './pages/app';
import { PhonesPage } from './pages/phones';

const FLOORS = ['HQ floor 1', 'HQ floor 2', 'HQ floor 3'];

let server: Headless;
let browser: TestBrowser;
let shell: AppShell;
let seeded: SeededPhone[];

before(async () => {
  server = await startHeadless();
  browser = await openBrowser({ width: 1366, height: 768 });
  shell = new AppShell(browser.page);
  await browser.page.goto(server.uiUrl);
  await shell.waitLive();
});

test('before any phone: the report says there is nothing yet, and one phone is "1 phone"', async () => {
  await shell.go('report');
  const empty = browser.page.getByTestId('report-empty');
  await empty.waitFor();
  assert.match((await empty.textContent()) ?? '', /No phones yet, so nothing to report/);
  await shell.screenshot('day-00-report-empty');
  // One phone is "1 phone", not "1 phones".
  const one = await server.api.createPhone({ body: { mac: '80:5E:C0:00:00:99' } });
  await browser.page.locator('.nav-foot .muted', { hasText: /^1 phone$/ }).waitFor();
  await shell.go('phones');
  assert.equal(await new PhonesPage(browser.page).countText(), '1 phone');
  await server.api.deletePhone({ params: { mac: one.mac } });
  seeded = await seedFloors(server.api, FLOORS, 10);
  await browser.page.locator('.nav-foot', { hasText: '30 phones' }).waitFor();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('search: "HQ floor 2" and site:"HQ floor 2" show the floor-2 phones only; the sites can be told apart', async () => {
  const phones = new PhonesPage(browser.page);
  await shell.go('phones');
  await phones.search('HQ floor 2');
  await phones.waitForCount(/^10 of 30 phones$/);
  const sites = await phones.table.locator('[role="rowgroup"] .vt-row .col-site').allTextContents();
  assert.deepEqual([...new Set(sites)], ['HQ floor 2']);
  // The Site column shows the whole name at 1366x768 (not "HQ floo…").
  const cell = phones.table.locator('[role="rowgroup"] .vt-row .col-site').first();
  assert.equal(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth), true, 'site text fits its column');
  await shell.screenshot('day-01-search-floor-2');
  await phones.search('site:"HQ floor 2"');
  await phones.waitForCount(/^10 of 30 phones$/);
  await phones.search('model:T54W site:"HQ floor 3"');
  await phones.waitForCount(/^3 of 30 phones$/);
  await phones.search(`ext:${seeded[4]?.ext}`);
  await phones.waitForCount(/^1 of 30 phones$/);
  await phones.search('');
});

test('bulk remove shows how many phones and which, then removes exactly those', async () => {
  const phones = new PhonesPage(browser.page);
  await shell.go('phones');
  await phones.search('HQ floor 2');
  await phones.waitForCount(/^10 of 30 phones$/);
  await browser.page.getByRole('checkbox', { name: 'Select all shown phones' }).check();
  await browser.page.getByTestId('bulk-count').filter({ hasText: '10 selected' }).waitFor();
  await browser.page.getByTestId('bulkbar').getByRole('button', { name: 'Remove…' }).click();
  const dialog = browser.page.getByTestId('confirm-dialog');
  const items = dialog.getByTestId('confirm-items').locator('li');
  await items.first().waitFor();
  const listed = await items.allTextContents();
  const floor2 = seeded.filter((p) => p.site === 'HQ floor 2');
  assert.equal(listed.length, 10);
  for (const p of floor2)
    assert.ok(
      listed.some((l) => l.startsWith(p.mac)),
      `${p.mac} listed`,
    );
  assert.ok(listed.every((l) => l.includes('HQ floor 2')));
  // The list scrolls inside the dialog rather than pushing its buttons out of view.
  const confirm = dialog.getByRole('button', { name: 'Remove 10 phone(s)' });
  assert.ok(await confirm.isVisible());
  await shell.screenshot('day-02-bulk-remove-list');
  await confirm.click();
  await shell.waitToast('Removed 10 phone(s)');
  const left = await server.api.listPhones();
  assert.equal(left.length, 20);
  assert.deepEqual(
    left.filter((p) => p.site === 'HQ floor 2'),
    [],
  );
  // Put them back (the toast's Undo) for the tests that follow.
  await shell.toast('Removed 10 phone(s)').getByRole('button', { name: 'Undo' }).click();
  await shell.waitToast('Undone');
  assert.equal((await server.api.listPhones()).length, 30);
  await phones.search('');
});

/** Waits until the settings the page shows were saved (the PATCH answered 200). */
async function savedSettings(action: () => Promise<void>): Promise<void> {
  const saved = browser.page.waitForResponse((r) => r.url().endsWith('/api/v1/settings') && r.request().method() === 'PATCH');
  await action();
  assert.equal((await saved).status(), 200);
}

test('no PBX linked: a banner on Phones and Live board; a configured phone past the deadline shows "registration not checked"', async () => {
  await server.api.updateSettings({ body: { pbx: { registerDeadlineSeconds: 10 } } });
  const account = await server.api.createAccount({
    body: { userName: '3999', password: 'pw-3999-secret', serverHost: 'pbx.example.test', displayName: 'Overdue' },
  });
  const mac = '80:5E:C0:99:00:01';
  await server.api.createPhone({
    body: { mac, serial: 'SNOVERDUE1', model: 'T46U', site: 'Deadline', lines: [{ line: 1, accountId: account.id }] },
  });
  const { runPhones } = await import('../../electron/sim/runner');
  const { parseMac } = await import('../../shared/mac');
  const run = await runPhones([{ mac: parseMac(mac) as never, serial: 'SNOVERDUE1', vendor: '', model: 'T46U', firmware: '108.86.0.20' }], {
    rpsUrl: server.rpsUrl,
  });
  assert.deepEqual(
    run.results.map((r) => r.reason ?? 'ok'),
    ['ok'],
  );
  await shell.go('live');
  const banner = browser.page.getByTestId('pbx-banner');
  await banner.waitFor();
  assert.match(
    (await banner.textContent()) ?? '',
    /No PBX linked: step 7 \(registered\) cannot be checked\. Link your Asterisk in Settings\./,
  );
  // Configured, then (10 s later, the deadline) "Registration not checked", never "in progress".
  const row = browser.page.getByTestId('live-table').locator('[role="row"]', { hasText: mac });
  await row.locator('[data-stage="not_checked"]').waitFor({ timeout: 30_000 });
  assert.match((await row.textContent()) ?? '', /Registration not checked/);
  assert.equal(await browser.page.locator('[data-testid="count-overdue"]').getAttribute('data-value'), '1');
  await shell.screenshot('day-03-live-no-pbx-not-checked');
  await shell.go('phones');
  await browser.page.getByTestId('pbx-banner').waitFor();
  await new PhonesPage(browser.page).search(`mac:${mac}`);
  await browser.page.getByTestId('phones-table').locator('[data-stage="not_checked"]').waitFor();
  await shell.screenshot('day-04-phones-no-pbx-banner');
  await new PhonesPage(browser.page).search('');
});

test('the SIP server has no default; loopback is refused with its reason once phones are on the LAN', async () => {
  const settings = await server.api.getSettings();
  assert.equal(settings.pbx.sipHost, '', 'no guessed SIP server');
  await shell.go('accounts');
  await browser.page.getByRole('button', { name: 'New account' }).click();
  assert.equal(await browser.page.getByTestId('account-serverHost').inputValue(), '', 'New account is not pre-filled with loopback');
  await browser.page.getByRole('button', { name: 'Cancel' }).click();
  // Phones are on the LAN once a LAN interface is picked.
  await server.api.updateSettings({ body: { lanInterface: 'lab-lan0' } });
  await browser.page.reload();
  await shell.waitLive();
  await shell.go('settings');
  await browser.page.getByTestId('pbx-sipHost').fill('127.0.0.1');
  const problem = browser.page.getByTestId('pbx-sipHost-problem');
  await problem.waitFor();
  assert.match((await problem.textContent()) ?? '', /loopback address: each phone would try to register with itself/);
  await browser.page.getByTestId('pbx-save').click();
  await browser.page.locator('.note-error', { hasText: 'Not saved: the SIP server needs fixing' }).waitFor();
  assert.equal((await server.api.getSettings()).pbx.sipHost, '', 'nothing saved');
  await shell.screenshot('day-05-settings-loopback-refused');
  await browser.page.getByTestId('pbx-sipHost').fill('192.168.50.10');
  await savedSettings(() => browser.page.getByTestId('pbx-save').click());
  assert.equal((await server.api.getSettings()).pbx.sipHost, '192.168.50.10');
  await server.api.updateSettings({ body: { lanInterface: '' } });
});

test('unsaved edits: leaving Settings asks Save / Discard / Stay', async () => {
  await shell.go('settings');
  const amiUser = browser.page.getByTestId('pbx-amiUser');
  await amiUser.fill('tech');
  await browser.page.locator('nav [data-nav="security"]').click();
  const dialog = browser.page.getByTestId('confirm-dialog');
  await dialog.getByRole('heading', { name: 'Save your changes?' }).waitFor();
  assert.match((await dialog.textContent()) ?? '', /Unsaved changes: the PBX settings\./);
  await shell.screenshot('day-06-unsaved-settings');
  await dialog.getByRole('button', { name: 'Stay' }).click();
  assert.equal(await browser.page.locator('main').getAttribute('data-route'), 'settings');
  assert.equal(await amiUser.inputValue(), 'tech', 'Stay keeps what was typed');
  // Save: saved, then on to Security.
  await browser.page.locator('nav [data-nav="security"]').click();
  await savedSettings(() => dialog.getByRole('button', { name: 'Save' }).click());
  await browser.page.locator('main[data-route="security"] h1').waitFor();
  assert.equal((await server.api.getSettings()).pbx.amiUser, 'tech');
  // Discard: not saved.
  await shell.go('settings');
  await amiUser.fill('someone-else');
  await browser.page.locator('nav [data-nav="phones"]').click();
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await browser.page.locator('main[data-route="phones"] h1').waitFor();
  assert.equal((await server.api.getSettings()).pbx.amiUser, 'tech');
});

test('unsaved edits: Buttons, Security, the phone panel and the account form ask too', async () => {
  const dialog = browser.page.getByTestId('confirm-dialog');
  const answer = async (button: 'Save' | 'Discard' | 'Stay') => {
    await dialog.getByRole('heading', { name: 'Save your changes?' }).waitFor();
    await dialog.getByRole('button', { name: button, exact: true }).click();
  };
  // Buttons: a changed key, then away: Stay keeps it.
  const first = seeded[0] as SeededPhone;
  await shell.go('buttons');
  const { ButtonsPage } = await import('./pages/buttons');
  const buttons = new ButtonsPage(browser.page);
  await buttons.choosePhone(first.mac);
  await buttons.setKey(2, { type: 'speed_dial', value: '100', label: 'Desk' });
  await browser.page.locator('nav [data-nav="live"]').click();
  await answer('Stay');
  assert.equal(await browser.page.locator('main').getAttribute('data-route'), 'buttons');
  await browser.page.locator('nav [data-nav="live"]').click();
  await answer('Save');
  await browser.page.locator('main[data-route="live"] h1').waitFor();
  assert.deepEqual(
    (await server.api.getPhone({ params: { mac: first.mac } })).buttons.map((b) => [b.key, b.value]),
    [[2, '100']],
  );
  // Security.
  await shell.go('security');
  await browser.page.getByTestId('sec-allowedSubnets').fill('10.0.0.0/8');
  await browser.page.getByTestId('security-dirty').waitFor();
  await browser.page.locator('nav [data-nav="phones"]').click();
  await answer('Discard');
  await browser.page.locator('main[data-route="phones"] h1').waitFor();
  // The phone panel: closing with a changed site asks; Save saves.
  const phones = new PhonesPage(browser.page);
  await phones.open(first.mac);
  await phones.panel.getByLabel('Site').fill('HQ floor 9');
  await phones.panel.getByRole('button', { name: 'Close phone details' }).click();
  await answer('Save');
  await phones.panel.waitFor({ state: 'detached' });
  assert.equal((await server.api.getPhone({ params: { mac: first.mac } })).site, 'HQ floor 9');
  await server.api.updatePhone({ params: { mac: first.mac }, body: { site: first.site } });
  // The account form.
  await shell.go('accounts');
  await browser.page.getByRole('button', { name: 'New account' }).click();
  await browser.page.getByTestId('account-userName').fill('4001');
  await browser.page.locator('nav [data-nav="phones"]').click();
  await answer('Stay');
  assert.equal(await browser.page.getByTestId('account-userName').inputValue(), '4001');
  await shell.screenshot('day-07-unsaved-account');
  await browser.page.locator('nav [data-nav="phones"]').click();
  await answer('Discard');
  await browser.page.locator('main[data-route="phones"] h1').waitFor();
});

test("form errors are next to their fields, in the form's words", async () => {
  await shell.go('accounts');
  await browser.page.getByRole('button', { name: 'New account' }).click();
  await browser.page.getByTestId('account-userName').fill('20 01');
  await browser.page.getByTestId('account-password').fill('pw-2001-secret');
  await browser.page.getByTestId('account-serverHost').fill('pbx.example.test');
  await browser.page.getByRole('button', { name: 'Add account' }).click();
  const err = browser.page.getByTestId('account-userName-error');
  await err.waitFor();
  assert.match((await err.textContent()) ?? '', /^Extension \/ SIP user: /);
  assert.equal(await browser.page.getByTestId('account-userName').getAttribute('aria-invalid'), 'true');
  const note = (await browser.page.locator('form[aria-label="New account"] .note-error').textContent()) ?? '';
  assert.match(note, /Not saved: one field needs fixing/);
  assert.doesNotMatch(note, /userName|The request is not valid/);
  await shell.screenshot('day-08-account-field-error');
  // Empty required fields are named by their labels before the API is asked.
  await browser.page.getByTestId('account-userName').fill('');
  await browser.page.getByTestId('account-password').fill('');
  await browser.page.getByRole('button', { name: 'Add account' }).click();
  await browser.page.getByTestId('account-password-error').filter({ hasText: 'Password: enter the SIP password' }).waitFor();
  await browser.page.getByTestId('account-userName-error').filter({ hasText: 'Extension / SIP user: enter the extension' }).waitFor();
  await browser.page.getByRole('button', { name: 'Cancel' }).click();
  await browser.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Discard' }).click();
  // Adding a phone: the MAC's problem is under the MAC field, named by its label.
  await shell.go('phones');
  await browser.page.getByRole('button', { name: 'Add a phone' }).click();
  const add = browser.page.getByRole('form', { name: 'Add a phone' });
  await add.getByLabel('MAC address (required)').fill('80:5E:C0');
  await add.getByRole('button', { name: 'Add phone' }).click();
  const macError = browser.page.getByTestId('add-phone-mac-error');
  await macError.waitFor();
  assert.match((await macError.textContent()) ?? '', /^MAC address: /);
  await add.getByRole('button', { name: 'Cancel' }).click();
  // Settings: the API's refusal of a number lands under that field, in the form's words.
  await shell.go('settings');
  await browser.page.getByTestId('pbx-registerDeadlineSeconds').fill('5');
  await browser.page.getByTestId('pbx-save').click();
  const deadline = browser.page.getByTestId('pbx-registerDeadlineSeconds-problem');
  await deadline.waitFor();
  assert.match((await deadline.textContent()) ?? '', /^Flag a phone not registered after \(seconds\): /);
  assert.doesNotMatch(
    (await browser.page.locator('form[aria-labelledby="pbx-h"] .note-error').textContent()) ?? '',
    /registerDeadlineSeconds/,
  );
  await shell.screenshot('day-08b-settings-field-error');
  await browser.page.getByTestId('pbx-registerDeadlineSeconds').fill('10');
  await savedSettings(() => browser.page.getByTestId('pbx-save').click());
});

test('the PBX link down: the banner says step 7 is not being checked, with the reason', async () => {
  // An AMI port nobody listens on, on loopback.
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  await server.api.updateSettings({ body: { pbx: { amiHost: '127.0.0.1', amiPort: port, amiUser: 'tech', amiSecret: 'not-a-real-one' } } });
  try {
    await shell.go('live');
    const banner = browser.page.locator('[data-testid="pbx-banner"][data-state="connecting"]');
    await banner.waitFor({ timeout: 20_000 });
    assert.match((await banner.textContent()) ?? '', /The PBX link is down: step 7 \(registered\) is not being checked\./);
    await shell.screenshot('day-03b-live-link-down');
  } finally {
    await server.api.updateSettings({ body: { pbx: { amiUser: '' } } });
  }
});

test('the phone panel has a Copy button for its provisioning URL', async () => {
  const phones = new PhonesPage(browser.page);
  await shell.go('phones');
  await phones.search(`mac:${(seeded[0] as SeededPhone).mac}`);
  await phones.open((seeded[0] as SeededPhone).mac);
  await phones.panel.getByText('Provisioning URL (for this phone only)').click();
  const url = (await phones.panel.getByTestId('provisioning-url').textContent()) ?? '';
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\//);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.adminUrl).origin });
  await phones.panel.getByRole('button', { name: 'Copy', exact: true }).click();
  await shell.waitToast(/copied/i);
  await phones.panel.getByRole('button', { name: 'Close phone details' }).click();
  await phones.search('');
});

test('CSV: the sample file downloads; the pallet list (MAC, serial) comes in; after Apply the panel says what was done, with Undo, and cannot be applied twice', async () => {
  const { writeFile, readFile, mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { AccountsPage } = await import('./pages/accounts');
  const dir = await mkdtemp(join(tmpdir(), 'dp-day-csv-'));
  try {
    const accounts = new AccountsPage(browser.page);
    await shell.go('accounts');
    await browser.page.getByTestId('open-csv-import').click();
    const [download] = await Promise.all([browser.page.waitForEvent('download'), browser.page.getByTestId('csv-sample').click()]);
    const sample = await readFile((await download.path()) as string, 'utf8');
    assert.match(sample.replace(/^\ufeff/, '').split(/\r?\n/)[0] ?? '', /^mac,.*,serial$/);
    await browser.page.getByTestId('open-csv-import').click();

    // The distributor's pallet list: MAC and serial only. One phone is new, one is already in the app.
    const pallet = join(dir, 'pallet.csv');
    const known = seeded[1] as SeededPhone;
    await writeFile(pallet, ['MAC,Serial', '80:5E:C0:77:00:01,801100000001', `${known.mac},801100000002`].join('\r\n'));
    await accounts.importFile(pallet);
    assert.match((await accounts.summary.textContent()) ?? '', /2 good row\(s\), 0 bad row\(s\)\..*add 1 phone\(s\) and update 1/);
    assert.equal(await browser.page.locator('text=Ignored columns').count(), 0, 'serial is a known column');
    await shell.screenshot('day-09-csv-pallet-preview');
    await accounts.apply();
    const done = browser.page.getByTestId('csv-applied');
    await done.waitFor();
    assert.match(
      (await done.textContent()) ?? '',
      /Imported 2 row\(s\): created 0 account\(s\), changed 0 password\(s\), added 1 phone\(s\), updated 1/,
    );
    assert.equal(await browser.page.getByTestId('csv-apply').count(), 0, 'no Apply for a file already applied');
    assert.equal(await browser.page.getByTestId('csv-summary').count(), 0, 'no "Nothing has been changed yet"');
    const byMac = new Map((await server.api.listPhones()).map((p) => [p.mac, p]));
    assert.equal(byMac.get('805ec0770001')?.serial, '801100000001');
    assert.equal(byMac.get(known.mac.replace(/:/g, '').toLowerCase())?.serial, '801100000002');
    assert.equal(byMac.get(known.mac.replace(/:/g, '').toLowerCase())?.lines.length, 1, 'its account is kept');
    await shell.screenshot('day-10-csv-applied');
    await browser.page.getByTestId('csv-undo').click();
    await done.filter({ hasText: 'Undone' }).waitFor();
    assert.equal(
      (await server.api.listPhones()).some((p) => p.mac === '805ec0770001'),
      false,
    );

    // A full sheet that gives existing accounts their same passwords: nothing counted as changed.
    const full = join(dir, 'full.csv');
    const rows = seeded
      .slice(0, 3)
      .map((p, i) => `${p.mac},1,${p.ext},pw-${p.ext}-secret,Desk ${i + 1},pbx.example.test,standard,${p.site},T46U,SN-FULL-${i}`);
    await writeFile(full, ['mac,line,extension,password,display_name,server,user_type,site,model,serial', ...rows].join('\n'));
    await browser.page.getByTestId('csv-file').setInputFiles(full);
    await accounts.summary.waitFor();
    await accounts.apply();
    await done.waitFor();
    assert.match((await done.textContent()) ?? '', /changed 0 password\(s\) \(3 given the same password, left as they were\)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** The right edge of an element is inside the window and inside its table's visible box. */
async function inView(selector: string): Promise<{ ok: boolean; detail: string }> {
  return browser.page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return { ok: false, detail: `${sel} not found` };
    const r = el.getBoundingClientRect();
    let box = { left: 0, right: window.innerWidth };
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible') {
        const pr = p.getBoundingClientRect();
        box = { left: Math.max(box.left, pr.left), right: Math.min(box.right, pr.right) };
      }
    }
    return {
      ok: r.left >= box.left - 1 && r.right <= box.right + 1 && r.width > 20,
      detail: `${sel}: ${r.left}-${r.right} in ${box.left}-${box.right}`,
    };
  }, selector);
}

async function windowScrolls(): Promise<string | undefined> {
  return browser.page.evaluate(() => {
    const d = document.documentElement;
    if (d.scrollHeight > d.clientHeight + 1) return `the window scrolls down (${d.scrollHeight} > ${d.clientHeight})`;
    if (d.scrollWidth > d.clientWidth + 1) return `the window scrolls sideways (${d.scrollWidth} > ${d.clientWidth})`;
    return undefined;
  });
}

for (const size of [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
]) {
  test(`layout at ${size.width}x${size.height}: states and reasons in view, no page scrolls the window`, async () => {
    await browser.page.setViewportSize(size);
    try {
      const screens = ['discover', 'phones', 'live', 'accounts', 'buttons', 'settings', 'security', 'report'] as const;
      for (const s of screens) {
        await shell.go(s);
        await browser.page.waitForTimeout(150);
        assert.equal(await windowScrolls(), undefined, `${s} at ${size.width}x${size.height}`);
      }
      // Security with its credentials table (the caption that escaped and scrolled the window).
      await shell.go('security');
      await browser.page.getByTestId('digest-credentials').waitFor();
      assert.equal(await windowScrolls(), undefined, 'security');
      await shell.screenshot(`day-11-security-${size.width}`);
      // Phones: Status and Steps in view, without and with the panel open.
      await shell.go('phones');
      for (const col of ['status', 'steps', 'site']) {
        const r = await inView(`[data-testid="phones-table"] .vt-head .col-${col}`);
        assert.ok(r.ok, `no panel: ${r.detail}`);
      }
      await shell.screenshot(`day-12a-phones-${size.width}`);
      const phones = new PhonesPage(browser.page);
      await phones.open((seeded[0] as SeededPhone).mac);
      for (const col of ['status', 'steps', 'site']) {
        const r = await inView(`[data-testid="phones-table"] .vt-head .col-${col}`);
        assert.ok(r.ok, r.detail);
      }
      await shell.screenshot(`day-12-phones-panel-${size.width}`);
      await phones.panel.getByRole('button', { name: 'Close phone details' }).click();
      // The live board's "What happened" column (failure reasons).
      await shell.go('live');
      for (const col of ['status', 'why']) {
        const r = await inView(`[data-testid="live-table"] .vt-head .col-${col}`);
        assert.ok(r.ok, r.detail);
      }
      await shell.screenshot(`day-13-live-${size.width}`);
      // The CSV preview's Problems column.
      await shell.go('accounts');
      await browser.page.getByTestId('open-csv-import').click();
      await browser.page
        .getByLabel('CSV text')
        .evaluate((el) => ((el as HTMLElement).closest('details') as HTMLDetailsElement).setAttribute('open', ''));
      await browser.page
        .getByLabel('CSV text')
        .fill('mac,line,extension,password,display_name,site\nnot-a-mac,1,2001,x,A very long display name here,HQ floor 2\n');
      await browser.page.getByTestId('csv-summary').waitFor();
      const r = await inView('[data-testid="csv-preview"] th.col-problems');
      assert.ok(r.ok, r.detail);
      await shell.screenshot(`day-14-csv-problems-${size.width}`);
      await browser.page.getByTestId('open-csv-import').click();
    } finally {
      await browser.page.setViewportSize({ width: 1366, height: 768 });
    }
  });
}

test('a toast never covers the button just pressed', async () => {
  await shell.go('settings');
  // The PBX form's Save button is low on the page; its toast must not land on it.
  const save = browser.page.getByTestId('pbx-save');
  await save.scrollIntoViewIfNeeded();
  await save.click();
  const toast = shell.toast('PBX settings saved').first();
  await toast.waitFor();
  const [a, b] = [await save.boundingBox(), await toast.boundingBox()];
  assert.ok(a && b);
  const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  assert.equal(overlap, false, `toast ${JSON.stringify(b)} covers the button ${JSON.stringify(a)}`);
  await shell.screenshot('day-15-toast-away-from-button');
});

test('templates: {ext} and {site} are filled in per phone, previewed per phone, and applying starts from the selection', async () => {
  const template = await server.api.createTemplate({
    body: { name: 'Own voicemail', model: '', buttons: [{ key: 1, type: 'speed_dial', value: '*97{ext}', label: '{ext} {site}' }] },
  });
  const phones = new PhonesPage(browser.page);
  await shell.go('phones');
  // An unrelated phone open in the panel must not be where applying starts.
  await phones.search(`mac:${(seeded[25] as SeededPhone).mac}`);
  await phones.open((seeded[25] as SeededPhone).mac);
  await phones.panel.getByRole('button', { name: 'Close phone details' }).click();
  await phones.search('site:"HQ floor 3"');
  await phones.waitForCount(/^10 of 3\d phones$/);
  await browser.page.getByRole('checkbox', { name: 'Select all shown phones' }).check();
  await browser.page.getByTestId('bulk-template').click();
  await browser.page.locator('main[data-route="buttons"] h1').waitFor();
  await browser.page.getByTestId('selection-start').filter({ hasText: '10 phone(s) selected' }).waitFor();
  await browser.page.getByTestId('selection-template').selectOption({ label: 'Own voicemail' });
  const preview = browser.page.getByTestId('template-preview').locator('li');
  await preview.first().waitFor();
  const floor3 = seeded.filter((p) => p.site === 'HQ floor 3');
  assert.equal(await preview.count(), 10);
  for (const p of floor3) {
    const li = browser.page.locator(`[data-testid="template-preview"] li[data-mac="${p.mac.replace(/:/g, '').toLowerCase()}"]`);
    assert.match((await li.textContent()) ?? '', new RegExp(`1: ${p.ext} HQ floor 3 \\(\\*97${p.ext}\\)`));
  }
  await browser.page.getByTestId('apply-template-card').scrollIntoViewIfNeeded();
  await shell.screenshot('day-16-template-preview');
  await browser.page.getByTestId('apply-template').click();
  const dialog = browser.page.getByTestId('confirm-dialog');
  assert.equal(await dialog.getByTestId('confirm-items').locator('li').count(), 10);
  await dialog.getByRole('button', { name: 'Apply to 10 phone(s)' }).click();
  await shell.waitToast('Applied “Own voicemail” to 10 phone(s)');
  for (const p of floor3) {
    const saved = await server.api.getPhone({ params: { mac: p.mac } });
    assert.deepEqual(
      saved.buttons.map((b) => [b.key, b.value, b.label]),
      [[1, `*97${p.ext}`, `${p.ext} HQ floor 3`]],
    );
  }
  const other = await server.api.getPhone({ params: { mac: (seeded[2] as SeededPhone).mac } });
  assert.equal(
    other.buttons.some((b) => b.value.startsWith('*97')),
    false,
    'phones not selected are untouched',
  );
  await server.api.deleteTemplate({ params: { id: template.id } });
  await shell.go('phones');
  await browser.page.getByRole('button', { name: 'Clear selection' }).click();
  await phones.search('');
});

test('Discover row: vendor and model from the catalog, guessed; the account created right there', async () => {
  await server.api.updateSettings({ body: { pbx: { sipHost: '192.168.50.10' } } });
  const { runPhones } = await import('../../electron/sim/runner');
  const { parseMac } = await import('../../shared/mac');
  const mac = '80:5E:C0:55:00:01';
  // A phone not in the app calls the RPS: the app lists it on Discover, as a phone that called in.
  await runPhones([{ mac: parseMac(mac) as never, serial: 'SN5501', vendor: '', model: 'T46U', firmware: '108.86.0.20' }], {
    rpsUrl: server.rpsUrl,
  });
  await shell.go('discover');
  await browser.page.getByRole('button', { name: `Add ${mac} to the phones` }).click();
  const form = browser.page.getByTestId('discover-add');
  await form.waitFor();
  assert.equal(await form.getByTestId('discover-add-vendor').inputValue(), 'Yealink');
  assert.equal(await form.getByTestId('discover-add-model').inputValue(), 'T46U');
  const vendors = await form.getByTestId('discover-add-vendor').locator('option').allTextContents();
  assert.ok(
    ['Yealink', 'Poly', 'Grandstream', 'Snom', 'Fanvil'].every((v) => vendors.includes(v)),
    'the catalog vendors',
  );
  await form.getByTestId('discover-add-account').selectOption({ label: 'New account…' });
  await form.getByTestId('discover-add-ext').fill('5501');
  await form.getByTestId('discover-add-password').fill('pw-5501-secret');
  await shell.screenshot('day-17-discover-add');
  await form.getByTestId('discover-add-submit').click();
  await shell.waitToast(`Added ${mac} with its account`);
  const phone = await server.api.getPhone({ params: { mac } });
  assert.deepEqual([phone.vendor, phone.model], ['Yealink', 'T46U']);
  const account = (await server.api.listAccounts()).find((a) => a.userName === '5501');
  assert.ok(account);
  assert.deepEqual(phone.lines, [{ line: 1, accountId: account.id }]);
  assert.equal(account.serverHost, '192.168.50.10');
});
