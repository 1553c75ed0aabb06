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
  seeded = await seedFloors(server.api, FLOORS, 10);
  browser = await openBrowser({ width: 1366, height: 768 });
  shell = new AppShell(browser.page);
  await browser.page.goto(server.uiUrl);
  await shell.waitLive();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('search: "HQ floor 2" and site:"HQ floor 2" show the floor-2 phones only; the sites can be told apart', async () => {
  const phones = new PhonesPage(browser.page);
  await shell.go('phones');
  await phones.search('HQ floor 2');
  await browser.page.getByTestId('phones-count').filter({ hasText: /^10 of 30 phones$/ }).waitFor();
  const sites = await phones.table.locator('[role="rowgroup"] .vt-row .col-site').allTextContents();
  assert.deepEqual([...new Set(sites)], ['HQ floor 2']);
  // The Site column shows the whole name at 1366x768 (not "HQ floo…").
  const cell = phones.table.locator('[role="rowgroup"] .vt-row .col-site').first();
  assert.equal(
    await cell.evaluate((el) => el.scrollWidth <= el.clientWidth),
    true,
    'site text fits its column',
  );
  await shell.screenshot('day-01-search-floor-2');
  await phones.search('site:"HQ floor 2"');
  await browser.page.getByTestId('phones-count').filter({ hasText: /^10 of 30 phones$/ }).waitFor();
  await phones.search('model:T54W site:"HQ floor 3"');
  await browser.page.getByTestId('phones-count').filter({ hasText: /^3 of 30 phones$/ }).waitFor();
  await phones.search(`ext:${seeded[4]?.ext}`);
  await browser.page.getByTestId('phones-count').filter({ hasText: /^1 of 30 phones$/ }).waitFor();
  await phones.search('');
});

test('bulk remove shows how many phones and which, then removes exactly those', async () => {
  const phones = new PhonesPage(browser.page);
  await shell.go('phones');
  await phones.search('HQ floor 2');
  await browser.page.getByTestId('phones-count').filter({ hasText: /^10 of 30 phones$/ }).waitFor();
  await browser.page.getByRole('checkbox', { name: 'Select all shown phones' }).check();
  await browser.page.getByTestId('bulk-count').filter({ hasText: '10 selected' }).waitFor();
  await browser.page.getByTestId('bulkbar').getByRole('button', { name: 'Remove…' }).click();
  const dialog = browser.page.getByTestId('confirm-dialog');
  const items = dialog.getByTestId('confirm-items').locator('li');
  await items.first().waitFor();
  const listed = await items.allTextContents();
  const floor2 = seeded.filter((p) => p.site === 'HQ floor 2');
  assert.equal(listed.length, 10);
  for (const p of floor2) assert.ok(listed.some((l) => l.startsWith(p.mac)), `${p.mac} listed`);
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
