/**
 * End to end, the site's phone settings as a technician sets them: the real backend as headless
 * mode starts it and Debian's chromium. In Settings the technician types the dial plan, the time
 * zone and the phones' admin password and saves; a Yealink phone fetches its files from the real
 * device listener on loopback (as its firmware would: boot file, then <mac>.cfg); the files carry
 * the settings in Yealink's keys, and the phone panel shows what was sent (passwords only as set).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startUi, stopUi } from './support/app';
import type { TestBrowser } from './support/browser';
import type { Headless } from './support/headless';
import type { AppShell } from './pages/app';
import { PhonesPage } from './pages/phones';

const MAC = '805ec0aa0001';
const ADMIN = 'SiteAdm1nPassw0rd';

let server: Headless;
let browser: TestBrowser;
let shell: AppShell;

before(async () => {
  ({ server, browser, shell } = await startUi());
});

after(() => stopUi({ browser, server }));

test('the technician sets dial plan, time zone and admin password in Settings; a phone fetches them; the panel shows what was sent', async () => {
  const page = browser.page;
  await shell.go('settings');
  await page.getByTestId('phones-dialPlan').fill('[2-4]xxx | 0[1-9]x.');
  await page.getByTestId('phones-emergencyNumbers').fill('112');
  await page.getByTestId('phones-timeZone').fill('Europe/Paris');
  await page.getByTestId('phones-adminPassword').fill(ADMIN);
  await page.getByTestId('phones-save').click();
  await shell.waitToast('Phone settings saved');
  // The password is saved, never shown back in the form.
  assert.equal(await page.getByTestId('phones-adminPassword').inputValue(), '');
  assert.match((await page.getByTestId('phones-adminPassword').getAttribute('placeholder')) ?? '', /set/);
  const saved = await server.api.getSettings();
  assert.equal(saved.phones.adminPasswordSet, true);
  assert.equal(saved.phones.timeZone, 'Europe/Paris');

  // A bad zone is refused in words naming the field, and nothing changes.
  await page.getByTestId('phones-timeZone').fill('Mars/Olympus');
  await page.getByTestId('phones-save').click();
  await page.locator('form[aria-labelledby="phones-h"] .note-error, form[aria-labelledby="phones-h"] [role="alert"]').first().waitFor();
  assert.match((await page.getByTestId('phones-timeZone-problem').textContent()) ?? '', /^Time zone: not a time zone/);
  assert.equal((await server.api.getSettings()).phones.timeZone, 'Europe/Paris');
  await page.getByTestId('phones-timeZone').fill('Europe/Paris');

  // A Yealink phone with an account fetches its files as its firmware would.
  const account = await server.api.createAccount({ body: { userName: '2001', password: 'pw-2001-e2e', serverHost: '127.0.0.1' } });
  await server.api.createPhone({
    body: { mac: MAC, vendor: 'Yealink', model: 'T46U', serial: 'E2E1', lines: [{ line: 1, accountId: account.id }] },
  });
  const base = (await server.api.getPhone({ params: { mac: MAC } })).provisioningUrl;
  const ua = { 'User-Agent': 'Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:01' };
  const boot = await (await fetch(`${base}${MAC}.boot`, { headers: ua })).text();
  assert.match(boot, new RegExp(`include:config "${MAC}\\.cfg"`));
  const cfg = await (await fetch(`${base}${MAC}.cfg`, { headers: ua })).text();
  assert.match(cfg, /^dialplan\.digitmap\.string = 112\|\[2-4\]xxx\|0\[1-9\]x\.$/m);
  assert.match(cfg, /^local_time\.time_zone = \+1$/m);
  assert.match(cfg, new RegExp(`^static\\.security\\.user_password = admin:${ADMIN}$`, 'm'));

  // The phone panel shows what was sent.
  await shell.go('phones');
  const phones = new PhonesPage(page);
  await phones.open('80:5E:C0:AA:00:01');
  const sent = page.getByTestId('phone-settings-sent');
  await sent.locator('summary', { hasText: `sent in ${MAC}.cfg` }).waitFor({ timeout: 10_000 });
  assert.equal(await page.getByTestId('sent-dial-plan').locator('dd').textContent(), '[2-4]xxx | 0[1-9]x.');
  assert.equal(await page.getByTestId('sent-time-zone').locator('dd').textContent(), 'Europe/Paris');
  assert.equal(await page.getByTestId('sent-web-admin-password').locator('dd').textContent(), 'set');
  assert.match((await page.getByTestId('sent-ntp-server').locator('dd').textContent()) ?? '', /the PBX/);
  assert.ok(!((await sent.textContent()) ?? '').includes(ADMIN), 'the password itself is never shown');
  await shell.screenshot('phone-settings-sent');
});
