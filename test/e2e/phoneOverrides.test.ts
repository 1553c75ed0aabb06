/**
 * End to end, overrides of the site phone settings as a technician sets them, on a 1366x768
 * screen: the real backend as headless mode starts it and Debian's chromium. In Settings the
 * technician adds a row for site HQ with its own time zone and a row for the T46U model with its
 * own language; an unknown zone typed in a row is refused at its field and nothing is saved;
 * leaving with that edit asks Save / Discard / Stay. A virtual Yealink phone of site HQ fetches its
 * files from the real device listener and finds the row's zone and language in them, and the phone
 * panel's "what was sent" shows them. Removing a row asks first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualPhone } from '../../electron/sim/virtualPhone';
import { parseMac, type Mac } from '../../shared/mac';
import { startUi, stopUi } from './support/app';
import type { TestBrowser } from './support/browser';
import type { Headless } from './support/headless';
import type { AppShell } from './pages/app';
import { PhonesPage } from './pages/phones';

const MAC = '805ec0aa0013';

let server: Headless;
let browser: TestBrowser;
let shell: AppShell;

before(async () => {
  ({ server, browser, shell } = await startUi({
    viewport: { width: 1366, height: 768 },
    prepare: async (s) => {
      await s.api.updateSettings({ body: { phones: { timeZone: 'Europe/Paris' } } });
    },
  }));
});

after(() => stopUi({ browser, server }));

test('the technician adds a site row and a model row; the order they apply in is said; the list shows what each matches and replaces', async () => {
  const page = browser.page;
  await shell.go('settings');
  const section = page.getByTestId('phone-overrides');
  assert.match(
    (await section.getByTestId('overrides-order').textContent()) ?? '',
    /site, then vendor or model, then vendor and model, then one phone \(MAC\)/,
  );

  await section.getByTestId('override-add').click();
  await section.getByTestId('override-site').fill('HQ');
  await section.getByTestId('override-timeZone').fill('America/New_York');
  await section.getByTestId('override-save').click();
  await shell.waitToast('Override for site HQ saved');

  await section.getByTestId('override-add').click();
  await section.getByTestId('override-model').fill('T46U');
  await section.getByTestId('override-language').selectOption('de');
  await section.getByTestId('override-save').click();
  await shell.waitToast('Override for model T46U saved');

  const rows = section.getByTestId('override-row');
  assert.equal(await rows.count(), 2);
  const hq = section.locator('[data-testid="override-row"][data-match="site HQ"]');
  const hqText = (await hq.textContent()) ?? '';
  assert.match(hqText, /site: HQ/);
  assert.match(hqText, /vendor: any/);
  assert.match(hqText, /MAC: any/);
  assert.match(hqText, /Time zone: America\/New_York/);
  assert.match(hqText, /Passwords: not set/);
  assert.match(
    (await section.locator('[data-testid="override-row"][data-match="model T46U"]').textContent()) ?? '',
    /Language: German \(de\)/,
  );

  await section.scrollIntoViewIfNeeded();
  await shell.screenshot('phone-overrides-list-1366');
  const saved = (await server.api.getSettings()).phones;
  assert.equal(saved.timeZone, 'Europe/Paris', 'the default site is untouched');
  assert.deepEqual(
    saved.overrides.map((o) => [o.site, o.model, o.timeZone ?? '(inherits)', o.language ?? '(inherits)']),
    [
      ['HQ', '', 'America/New_York', '(inherits)'],
      ['', 'T46U', '(inherits)', 'de'],
    ],
  );
});

test('an unknown zone in a row is refused at its field and nothing is saved; leaving asks Save / Discard / Stay', async () => {
  const page = browser.page;
  const section = page.getByTestId('phone-overrides');
  await section.getByRole('button', { name: 'Edit override for site HQ' }).click();
  await section.getByTestId('override-timeZone').fill('Mars/Olympus');
  await section.getByTestId('override-save').click();
  const problem = section.getByTestId('override-timeZone-problem');
  await problem.waitFor();
  assert.match((await problem.textContent()) ?? '', /^Time zone: not a time zone this app knows/);
  assert.equal(await section.getByTestId('override-timeZone').getAttribute('aria-invalid'), 'true');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'override-timeZone');
  assert.match((await section.getByTestId('override-error').textContent()) ?? '', /Not saved: one field needs fixing/);
  assert.equal((await server.api.getSettings()).phones.overrides[0]?.timeZone, 'America/New_York', 'nothing saved');
  await shell.screenshot('phone-overrides-refused-1366');

  // Leaving with the edit: Stay keeps it, Discard drops it.
  await page.locator('nav [data-nav="phones"]').click();
  const dialog = page.locator('dialog[open]');
  await dialog.getByRole('button', { name: 'Stay' }).click();
  assert.equal(await section.getByTestId('override-timeZone').inputValue(), 'Mars/Olympus');
  await page.locator('nav [data-nav="phones"]').click();
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await page.locator('main[data-route="phones"] h1').first().waitFor();
  assert.equal((await server.api.getSettings()).phones.overrides[0]?.timeZone, 'America/New_York');
});

test("a phone of site HQ fetches its files with the row's zone and the model row's language; the phone panel shows what was sent", async () => {
  const page = browser.page;
  const account = await server.api.createAccount({ body: { userName: '2013', password: 'pw-2013-e2e', serverHost: '127.0.0.1' } });
  await server.api.createPhone({
    body: { mac: MAC, vendor: 'Yealink', model: 'T46U', serial: 'E2E13', site: 'HQ', lines: [{ line: 1, accountId: account.id }] },
  });
  const identity = { mac: parseMac(MAC) as Mac, serial: 'E2E13', vendor: 'Yealink', model: 'T46U', firmware: '108.86.0.20' };
  const result = await new VirtualPhone(identity, { rpsUrl: server.rpsUrl, vendor: 'yealink' }).provision();
  assert.ok(result.ok, result.reason);
  // New York: UTC-5 with daylight saving, in Yealink's keys; German from the model row.
  assert.match(result.vendorConfig?.settings?.timeZone ?? '', /^-5 DST/);
  assert.equal(result.vendorConfig?.settings?.language, 'German');

  const phones = new PhonesPage(page);
  await phones.open('80:5E:C0:AA:00:13');
  const sent = page.getByTestId('phone-settings-sent');
  await sent.locator('summary', { hasText: /sent in / }).waitFor({ timeout: 10_000 });
  assert.equal(await page.getByTestId('sent-time-zone').locator('dd').textContent(), 'America/New_York');
  assert.equal(await page.getByTestId('sent-language').locator('dd').textContent(), 'de');
  await sent.scrollIntoViewIfNeeded();
  await shell.screenshot('phone-overrides-sent-1366');
});

test("a site row's passwords are generated and shown only on request; a row's typed password a vendor cannot take is refused at its field", async () => {
  const page = browser.page;
  await shell.go('settings');
  const section = page.getByTestId('phone-overrides');
  await section.getByRole('button', { name: 'Edit override for site HQ' }).click();
  assert.match((await section.getByTestId('override-adminPassword-state').textContent()) ?? '', /^Not set/);
  await section.getByTestId('override-generate').click();
  await shell.waitToast('New admin and user passwords made for the phones of site HQ');
  await section
    .getByTestId('override-adminPassword-state')
    .filter({ hasText: /^Set \(not shown\)/ })
    .waitFor();
  assert.equal(await section.getByTestId('override-shown').count(), 0, 'not shown until asked');
  const row = section.locator('[data-testid="override-row"][data-match="site HQ"]');
  assert.match((await row.textContent()) ?? '', /Admin password: set/);
  await section.getByTestId('override-reveal').click();
  const shown = (await section.getByTestId('override-shown').textContent()) ?? '';
  const hq = await server.api.revealPhonePasswords({ body: { site: 'HQ' } });
  assert.match(hq.adminPassword, /^[A-Za-z0-9]{20}$/);
  assert.ok(shown.includes(hq.adminPassword) && shown.includes(hq.userPassword));
  assert.ok(!((await row.textContent()) ?? '').includes(hq.adminPassword), 'the list says "set", never the password');
  // The passwords belong to the match: changing it says the row will have none.
  await section.getByTestId('override-site').fill('HQ2');
  assert.match(
    (await section.getByTestId('override-matcher-warning').textContent()) ?? '',
    /belong to the phones it matched before \(site HQ\)/,
  );
  await section.getByTestId('override-cancel').click();
  assert.equal(await section.getByTestId('override-shown').count(), 0);
  assert.equal((await server.api.getSettings()).phones.overrides[0]?.site, 'HQ', 'Cancel saves nothing');

  await section.getByRole('button', { name: 'Edit override for model T46U' }).click();
  assert.equal(await section.getByTestId('override-generate').count(), 0, 'generated passwords are for site rows');
  await section.getByTestId('override-adminPassword').fill('short');
  await section.getByTestId('override-save').click();
  await section.getByTestId('override-adminPassword-problem').waitFor();
  assert.match(
    (await section.getByTestId('override-adminPassword-problem').textContent()) ?? '',
    /^Admin password: 8 to 32 letters and digits/,
  );
  assert.equal((await server.api.getSettings()).phones.overrides[1]?.adminPasswordSet, false, 'nothing saved');
  await section.getByTestId('override-cancel').click();
});

test('removing a row asks first; Cancel keeps it, confirming removes it', async () => {
  const page = browser.page;
  await shell.go('settings');
  const section = page.getByTestId('phone-overrides');
  const remove = section.getByRole('button', { name: 'Remove override for model T46U' });
  await remove.click();
  const dialog = page.locator('dialog[open]');
  assert.match((await dialog.textContent()) ?? '', /Remove the override for model T46U\?/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await server.api.getSettings()).phones.overrides.length, 2);
  await remove.click();
  await shell.confirm();
  await shell.waitToast('Override for model T46U removed');
  assert.deepEqual(
    (await server.api.getSettings()).phones.overrides.map((o) => o.site),
    ['HQ'],
  );
  assert.equal(await section.getByTestId('override-row').count(), 1);
});

test("leaving the site's own phone settings with an edit asks too; Save saves them", async () => {
  const page = browser.page;
  await page.getByTestId('phones-language').selectOption('fr');
  await page.locator('nav [data-nav="phones"]').click();
  const dialog = page.locator('dialog[open]');
  assert.match((await dialog.textContent()) ?? '', /the site phone settings/);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('main[data-route="phones"] h1').first().waitFor();
  await shell.waitToast('Phone settings saved');
  assert.equal((await server.api.getSettings()).phones.language, 'fr');
});
