/**
 * End to end, the firmware library as a technician drives it: the real backend started as
 * headless mode starts it, Debian's chromium, virtual Yealink phones on loopback. A firmware file
 * is added on the Firmware screen (file picker; vendor, models and version read from its name),
 * set as the target of the phones' model, the Phones screen shows them below target; the phones
 * upgrade (download, reboot with the new version, provision again) and the Phones screen shows
 * them at target. Screenshots go to test-output/screens/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { enroll } from '../../electron/sim/enroll';
import { VirtualPhone, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import { startUi, stopUi } from './support/app';
import type { TestBrowser } from './support/browser';
import type { Headless } from './support/headless';
import type { AppShell } from './pages/app';
import { PhonesPage } from './pages/phones';
import { formatMac } from '../../shared/mac';

const FILE = 'T46U(T43U,T46U,T41U,T48U,T42U,T44U,T44W)-108.86.0.90.rom';
const IMAGE = Buffer.alloc(400_000, 7);

let server: Headless;
let browser: TestBrowser;
let shell: AppShell;
let phones: PhoneIdentity[];

before(async () => {
  ({ server, browser, shell } = await startUi({
    // Two Yealink T46U phones that have booted once on 108.86.0.20.
    prepare: async (s) => {
      phones = await enroll(s.api, { count: 2, start: 40, vendor: 'yealink' });
      for (const p of phones) assert.equal((await new VirtualPhone(p, { rpsUrl: s.rpsUrl, vendor: 'yealink' }).provision()).ok, true);
    },
  }));
});

after(() => stopUi({ browser, server }));

test('add a firmware file, make it the target of a model, see the phones below target, then upgraded', async () => {
  const page = browser.page;
  await shell.go('firmware');
  await page.getByTestId('firmware-file').setInputFiles({ name: FILE, mimeType: 'application/octet-stream', buffer: IMAGE });
  // Read from the name, nothing to ask.
  assert.equal(await page.getByTestId('firmware-vendor').inputValue(), 'yealink');
  assert.equal(await page.getByTestId('firmware-version').inputValue(), '108.86.0.90');
  await page.getByTestId('firmware-add').click();
  await shell.waitToast(/Added T46U/);
  const entry = page.getByTestId('firmware-entry');
  await entry.waitFor();
  assert.ok(((await entry.textContent()) ?? '').includes(createHash('sha256').update(IMAGE).digest('hex').slice(0, 12)));

  // The same bytes again are refused, naming the file already there.
  await page.getByTestId('firmware-file').setInputFiles({ name: 'again.rom', mimeType: 'application/octet-stream', buffer: IMAGE });
  await page.getByTestId('firmware-version').fill('108.86.0.90');
  await page.getByTestId('firmware-add').click();
  await page.locator('[data-testid="firmware-pending"] .note-error', { hasText: 'already in the library' }).waitFor();
  await page.getByTestId('firmware-pending').getByRole('button', { name: 'Cancel' }).click();

  await page.getByTestId('target-vendor').selectOption('yealink');
  await page.getByTestId('target-model').fill('T46U');
  await page.getByTestId('target-firmware').selectOption({ label: `108.86.0.90 (${FILE})` });
  await page.getByTestId('target-set').click();
  await shell.waitToast(/Target set: Yealink T46U/);
  await page.locator('[data-testid="target-below"]', { hasText: '2' }).waitFor();
  await shell.screenshot('firmware-target');

  // The live board counts the phones below their target.
  await shell.go('live');
  await page.locator('[data-testid="count-below-target"][data-value="2"]').waitFor();

  await shell.go('phones');
  const phonesPage = new PhonesPage(page);
  await page.getByTestId('filter-firmware').selectOption('below');
  // Both phones pass the filter (the count then reads "2 phones"), each marked below target.
  await phonesPage.table.locator('[data-firmware="below"]').nth(1).waitFor();
  assert.equal(await phonesPage.countText(), '2 phones');
  assert.equal(await phonesPage.table.locator('[data-firmware="below"]').count(), 2);
  await shell.screenshot('firmware-below-target');

  // The phones boot: they find the firmware key, download, check it, reboot on the new version.
  const library = await server.api.listFirmware();
  for (const p of phones) {
    const result = await new VirtualPhone(p, { rpsUrl: server.rpsUrl, vendor: 'yealink', firmwareLibrary: library }).provision();
    assert.equal(result.ok, true, result.reason);
    assert.equal(result.upgrade?.to, '108.86.0.90');
  }
  await page.locator('[data-testid="phones-count"]', { hasText: '0 of 2 phones' }).waitFor({ timeout: 15_000 });
  await page.getByTestId('filter-firmware').selectOption('current');
  await phonesPage.table.locator('[data-firmware="current"]').nth(1).waitFor();
  assert.equal(await phonesPage.countText(), '2 phones');
  const current = phonesPage.table.locator('[data-firmware="current"]');
  assert.equal(await current.count(), 2);
  assert.ok(((await current.first().textContent()) ?? '').includes('108.86.0.90'));
  await shell.screenshot('firmware-upgraded');

  // The phone's panel tells the story: the download, and the version before and after.
  await phonesPage.open(formatMac(phones[0]!.mac));
  const history = page.getByTestId('firmware-history');
  await history.locator('li', { hasText: 'Firmware changed from 108.86.0.20 to 108.86.0.90' }).waitFor();
  assert.ok(((await history.textContent()) ?? '').includes('Downloading firmware 108.86.0.90'));
  await shell.screenshot('firmware-history');

  await shell.go('live');
  await page.locator('[data-testid="count-below-target"][data-value="0"]').waitFor();
});
