/**
 * End to end, issue 20: a registered (and so locked) phone gets a key changed in the UI; the
 * Buttons screen offers to re-provision it; from the phone panel the technician re-provisions it,
 * and sees it fetch its files (which, from where) and register again, with no re-open. Real
 * backend as headless mode starts it, Debian's chromium, a real Asterisk 22, a virtual phone that
 * acts on the NOTIFY. Screenshots go to test-output/screens/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enroll } from '../../electron/sim/enroll';
import { runPhones } from '../../electron/sim/runner';
import { RegisteredPhones } from '../../electron/sim/sip/registerPhones';
import { ResyncOnNotify } from '../../electron/sim/sip/resyncOnNotify';
import { accountsToRegister, userAgentFor, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import { formatMac, type Mac } from '../../shared/mac';
import type { ReprovisionView } from '../../shared/pbx/reprovision';
import { AsteriskLab } from '../lab/asterisk/lab';
import { labUnavailableReason } from '../lab/asterisk/chroot';
import { buildRenderer } from './support/renderer';
import { openBrowser, type TestBrowser } from './support/browser';
import { startHeadless, type Headless } from './support/headless';
import { AppShell } from './pages/app';
import { ButtonsPage } from './pages/buttons';
import { PhonesPage } from './pages/phones';
import { LiveBoardPage } from './pages/others';
import { skipReasonOutsideCi } from '../support/labUnderCi';

const unavailable = skipReasonOutsideCi('e2e', labUnavailableReason());

let server: Headless | undefined;
let browser: TestBrowser | undefined;
let pbx: AsteriskLab | undefined;
const registered = new RegisteredPhones();
let resync: ResyncOnNotify | undefined;
let phone: PhoneIdentity | undefined;

before(async () => {
  if (unavailable) return;
  buildRenderer();
  pbx = await AsteriskLab.start({ endpoints: [{ userName: '3001', password: 'pw-3001;e2e' }] });
  server = await startHeadless();
  await server.api.updateSettings({ body: { pbx: { ...pbx.pbxSettings(), registerDeadlineSeconds: 10 } } });
  [phone] = await enroll(server.api, {
    count: 1,
    firstExtension: 3001,
    password: () => 'pw-3001;e2e',
    sipHost: pbx.sipHost,
    sipPort: pbx.sipPort,
  });
  const id = phone as PhoneIdentity;
  const summary = await runPhones([id], { rpsUrl: server.rpsUrl });
  const result = summary.results[0];
  assert.ok(result?.ok, result?.reason);
  resync = new ResyncOnNotify(registered, { rpsUrl: server.rpsUrl });
  resync.add({ id, provisioningUrl: result.provisioningUrl as string });
  await registered.registerAll([{ mac: id.mac, userAgent: userAgentFor(id), accounts: accountsToRegister(result) }], {
    onNotify: resync.onNotify,
  });
  for (let i = 0; i < 150; i++) {
    const p = await server.api.getPhone({ params: { mac: id.mac } });
    if (p.flow.stage === 'registered' && p.lockedAt) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await openBrowser();
});

after(async () => {
  await registered.closeAll().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await pbx?.stop().catch(() => undefined);
});

test(
  'change a key of a registered phone in the UI, re-provision it from its panel, see it fetch and register again',
  { skip: unavailable },
  async () => {
    const api = server!.api;
    const page = browser!.page;
    const shell = new AppShell(page);
    const id = phone as PhoneIdentity;
    const mac = formatMac(id.mac as Mac);
    const before = await api.getPhone({ params: { mac: id.mac } });
    assert.equal(before.flow.stage, 'registered');
    assert.ok(before.lockedAt, 'default settings: locked once registered');

    await page.goto(server!.uiUrl);
    await shell.waitLive();
    const buttons = new ButtonsPage(page);
    await shell.go('buttons');
    await buttons.choosePhone(mac);
    await buttons.setKey(4, { type: 'park', value: '777', label: 'Park 777' });
    await buttons.saveButton.click();
    await shell.waitToast(/Saved \d key\(s\) on/);
    // The change is saved; the phone still runs its old files, and the screen says so right there.
    const offer = page.getByTestId('reprovision-offer');
    await offer.waitFor();
    assert.match((await offer.textContent()) ?? '', /registered and still runs its old keys/);
    await shell.screenshot('20-reprovision-offer');

    const phones = new PhonesPage(page);
    await shell.go('phones');
    await phones.open(mac);
    await phones.panel.getByTestId('reprovision').first().click();
    const status = phones.panel.getByTestId('reprovision-status');
    await status.waitFor();
    await phones.panel.locator('[data-testid="reprovision-status"][data-state="registered"]').waitFor({ timeout: 30_000 });
    const text = (await status.textContent()) ?? '';
    assert.match(text, /Registered again at/);
    assert.match(text, new RegExp(`Fetched ${id.mac}\\.boot, (ACC|BTN)\\.cfg, (ACC|BTN)\\.cfg from 127\\.0\\.0\\.1`));
    assert.equal(await phones.panel.getByTestId('reprovision-file').count(), 3);
    assert.doesNotMatch(text, /refused/);
    await shell.screenshot('21-reprovision-registered');
    // The Phones table shows it too, and the key reached the phone without a re-open.
    await phones.row(mac).locator('[data-testid="reprovision-chip"][data-state="registered"]').waitFor();
    const report = resync!.reports.at(-1);
    assert.ok(report?.result.ok, report?.result.reason);
    assert.ok(report.result.config?.buttons.some((b) => b.key === 4 && b.value === '777'));
    assert.ok((await api.getPhone({ params: { mac: id.mac } })).lockedAt, 'still locked: nothing was re-opened');
    const history = (await api.listReprovisions()).find((r) => r.mac === id.mac);
    assert.ok(history?.fetchedAt && history.registeredAt);
  },
);

test(
  'the Phones table re-provisions a selection, and the live board a row, each showing the state as it goes',
  { skip: unavailable },
  async () => {
    const page = browser!.page;
    const shell = new AppShell(page);
    const id = phone as PhoneIdentity;
    const mac = formatMac(id.mac as Mac);
    const phones = new PhonesPage(page);
    await shell.go('phones');
    await page.getByRole('checkbox', { name: `Select ${mac}` }).click();
    const bar = page.getByTestId('bulkbar');
    await bar.getByTestId('bulk-reprovision').click();
    await shell.waitToast('Re-provision sent to 1 phone(s)');
    await bar
      .getByTestId('bulk-reprovision-counts')
      .filter({ hasText: 'Re-provisioned, registered again: 1' })
      .waitFor({ timeout: 30_000 });
    await phones.row(mac).locator('[data-testid="reprovision-chip"][data-state="registered"]').waitFor();
    await shell.screenshot('22-reprovision-bulk');
    const before = (await server!.api.listReprovisions()).find((r) => r.mac === id.mac)?.id;

    const live = new LiveBoardPage(page);
    await shell.go('live');
    const row = live.row(mac);
    await row.getByTestId('reprovision').click();
    let after: ReprovisionView | undefined;
    for (let i = 0; i < 300 && (!after || after.id === before); i++) {
      after = (await server!.api.listReprovisions()).find((r) => r.mac === id.mac);
      if (!after || after.id === before) await page.waitForTimeout(100);
    }
    assert.ok(after && after.id !== before, 'a new re-provision');
    // The row follows that one to the end, from the event stream; then its buttons are back.
    await row.locator(`[data-testid="reprovision-chip"][data-id="${after.id}"][data-state="registered"]`).waitFor({ timeout: 30_000 });
    await row.getByTestId('reprovision').waitFor();
    await shell.screenshot('23-reprovision-live');
  },
);
