/**
 * End to end, walking the floor: headless mode, Debian's chromium and a real Asterisk 22 on
 * loopback. Five virtual phones are registered and answer when rung; from the live board the
 * technician starts a walk, rings the first phone with R and confirms each desk with C (which
 * moves on and rings the next), and the report then shows all five tested. Every wait is on the
 * app's own signals; screenshots go to test-output/screens/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enroll } from '../../electron/sim/enroll';
import { RegisteredPhones } from '../../electron/sim/sip/registerPhones';
import type { PhoneIdentity } from '../../electron/sim/virtualPhone';
import { AsteriskLab } from '../lab/asterisk/lab';
import { labUnavailableReason } from '../lab/asterisk/chroot';
import { buildRenderer } from './support/renderer';
import { openBrowser, type TestBrowser } from './support/browser';
import { startHeadless, type Headless } from './support/headless';
import { AppShell } from './pages/app';
import { skipReasonOutsideCi } from '../support/labUnderCi';

const reason = skipReasonOutsideCi('e2e', labUnavailableReason());

const COUNT = 5;
const ext = (i: number) => String(3100 + i);
const pw = (i: number) => `walk-${i}-pw`;

let server: Headless;
let browser: TestBrowser;
let shell: AppShell;
let pbx: AsteriskLab | undefined;
let phones: PhoneIdentity[] = [];
const registered = new RegisteredPhones();

before(async () => {
  if (reason) return;
  buildRenderer();
  pbx = await AsteriskLab.start({ endpoints: Array.from({ length: COUNT }, (_, i) => ({ userName: ext(i), password: pw(i) })) });
  server = await startHeadless();
  await server.api.updateSettings({ body: { pbx: pbx.pbxSettings() } });
  // The phones and their accounts are set up through the API (other tests drive that from the UI).
  phones = await enroll(server.api, { count: COUNT, firstExtension: 3100, password: pw, sipHost: pbx.sipHost, sipPort: pbx.sipPort });
  const outcomes = await registered.registerAll(
    phones.map((p, i) => ({
      mac: p.mac,
      userAgent: 'Yealink SIP-T46U 108.86.0.20',
      accounts: [
        {
          line: 1,
          userName: ext(i),
          authName: ext(i),
          password: pw(i),
          server: pbx!.sipHost,
          port: pbx!.sipPort,
          transport: 'udp',
          expires: 300,
        },
      ],
    })),
    { answer: () => ({ mode: 'answer', delayMs: 400 }) },
  );
  assert.deepEqual(
    outcomes.filter((o) => !o.outcome.ok),
    [],
  );
  browser = await openBrowser();
  shell = new AppShell(browser.page);
});

after(async () => {
  await registered.closeAll().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await pbx?.stop().catch(() => undefined);
});

test('a walk of 5 phones from the live board, by keyboard; the report shows them tested', { skip: reason }, async () => {
  const page = browser.page;
  await page.goto(server.uiUrl);
  await shell.waitLive();
  await shell.go('live');
  await page.getByTestId('walk-start').click();
  const walk = page.getByTestId('walk');
  await walk.waitFor();
  await page.getByTestId('walk-order').selectOption('extension');
  for (let i = 0; i < COUNT; i++) {
    const current = walk.getByTestId('walk-current');
    await current.locator(`text=Extension ${ext(i)}`).waitFor();
    // The first phone is rung with R; confirming a desk moves on and rings the next one.
    if (i === 0) await page.keyboard.press('r');
    await current.locator('[data-testid="ring-state"][data-state="answered"]').waitFor({ timeout: 20_000 });
    if (i === 0) await shell.screenshot('walk-01-answered');
    await page.keyboard.press('c');
    if (i < COUNT - 1)
      await walk
        .getByTestId('walk-progress')
        .locator(`text=${i + 1} of ${COUNT} checked`)
        .waitFor();
  }
  await walk.getByTestId('walk-progress').locator(`text=${COUNT} of ${COUNT} checked`).waitFor();
  const results = await walk.getByTestId('walk-result').allTextContents();
  assert.deepEqual(results, Array(COUNT).fill('Answered · Confirmed'));
  await shell.screenshot('walk-02-done');
  await page.keyboard.press('Escape');
  await walk.waitFor({ state: 'detached' });

  await shell.go('report');
  await page.getByTestId('report-tested').locator(`text=${COUNT} of ${COUNT} phones answered at their desk`).waitFor();
  const cells = await page.getByTestId('report-tested-cell').allTextContents();
  assert.equal(cells.length, COUNT);
  for (const cell of cells) assert.match(cell, /^Answered at its desk, \d{4}-\d\d-\d\d \d\d:\d\d$/);
  await shell.screenshot('walk-03-report');
  for (const p of phones) assert.equal((await server.api.getPhone({ params: { mac: p.mac } })).deskCheck?.outcome, 'confirmed');
});
