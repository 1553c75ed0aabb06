/**
 * End to end, approving the first caller of a phone added without a serial (issue 15): the real
 * backend as headless mode starts it, Debian's chromium, an RPS request to the real device
 * listener on loopback. The phone panel shows who asked (address, serial, User-Agent); Approve
 * puts the serial on record and the next RPS request gets the provisioning URL.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startUi, stopUi } from './support/app';
import type { TestBrowser } from './support/browser';
import type { Headless } from './support/headless';
import type { AppShell } from './pages/app';
import { PhonesPage } from './pages/phones';

const PHONE = '80:5E:C0:A9:90:01';
const AGENT = 'Yealink SIP-T46U 108.86.0.20 80:5e:c0:a9:90:01';

let server: Headless;
let browser: TestBrowser;
let shell: AppShell;

before(async () => {
  ({ server, browser, shell } = await startUi());
});

after(() => stopUi({ browser, server }));

async function rps(serial: string): Promise<{ status: number; url?: string }> {
  const res = await fetch(server.rpsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': AGENT },
    body: JSON.stringify({ mac: PHONE.replace(/:/g, '').toLowerCase(), serial, model: 'T46U' }),
  });
  const body = (await res.json()) as { provisioningUrl?: string };
  return { status: res.status, ...(body.provisioningUrl ? { url: body.provisioningUrl } : {}) };
}

test('phone panel: the device waiting for approval is shown with its address, serial and User-Agent; Approve lets it in', async () => {
  const account = await server.api.createAccount({ body: { userName: '4001', password: 'pw-4001-e2e', serverHost: '127.0.0.1' } });
  await server.api.createPhone({ body: { mac: PHONE, model: 'T46U', lines: [{ line: 1, accountId: account.id }] } });
  assert.equal((await rps('E2E-APPROVE-1')).status, 403, 'held: the phone has no serial on record');

  const phones = new PhonesPage(browser.page);
  await shell.go('phones');
  await phones.open(PHONE);
  const notice = phones.panel.getByTestId('phone-approval');
  await notice.waitFor();
  assert.equal(await notice.getByTestId('approval-ip').textContent(), '127.0.0.1');
  assert.equal(await notice.getByTestId('approval-serial').textContent(), 'E2E-APPROVE-1');
  assert.equal(await notice.getByTestId('approval-agent').textContent(), AGENT);
  await shell.screenshot('30-phone-approval');

  await notice.getByRole('button', { name: 'Approve' }).click();
  await shell.waitToast(/Approved/);
  await notice.waitFor({ state: 'detached' });
  const saved = await server.api.getPhone({ params: { mac: PHONE } });
  assert.equal(saved.serial, 'E2E-APPROVE-1');
  assert.equal(saved.pendingCaller, undefined);
  const served = await rps('E2E-APPROVE-1');
  assert.equal(served.status, 200);
  assert.match(served.url ?? '', /\/p\/[A-Za-z0-9_-]+\/$/);
});

test('security screen: the sites that trust the first serial are typed one per line, explained, and saved', async () => {
  await shell.go('security');
  await browser.page.getByRole('tab', { name: 'Protections' }).click();
  const help = (await browser.page.getByTestId('help-trustFirstSerialSites').textContent()) ?? '';
  assert.match(help, /waiting for approval/);
  assert.match(help, /Default: none\./);
  const field = browser.page.getByTestId('sec-trustFirstSerialSites');
  assert.equal(await field.inputValue(), '', 'off by default');
  await field.fill('Lab\n(no site)\n');
  const saved = browser.page.waitForResponse((r) => r.url().endsWith('/api/v1/settings') && r.request().method() === 'PATCH');
  await browser.page.getByTestId('security-save').click();
  assert.equal((await saved).status(), 200);
  await shell.waitToast('Security settings saved');
  assert.deepEqual((await server.api.getSettings()).security.trustFirstSerialSites, ['Lab', '']);
});
