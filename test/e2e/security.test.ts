/**
 * End to end, the Security screen as a technician drives it: the real backend started as headless
 * mode starts it, Debian's chromium, requests to the real device listener on loopback. Protections
 * are turned on and saved (a bad subnet is refused in words), refused and served requests show in
 * the audit log and its CSV export, an address that guesses is locked out and lifted from the UI,
 * and the HTTPS certificate's fingerprint matches the exported PEM. Screenshots go to
 * test-output/screens/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, X509Certificate } from 'node:crypto';
import { runPhones } from '../../electron/sim/runner';
import { parseMac, type Mac } from '../../shared/mac';
import { AUDIT_CSV_HEADER } from '../../shared/security/audit';
import { SECURITY_SETTING_HELP } from '../../shared/security/settings';
import { startUi, stopUi } from './support/app';
import type { TestBrowser } from './support/browser';
import type { Headless } from './support/headless';
import type { AppShell } from './pages/app';
import { SecurityPage } from './pages/security';

const PHONE = '80:5E:C0:5E:C0:01';
const GUESSER_UA = 'e2e-guesser/1.0';
const DIGEST_PASSWORD = 'e2e-digest-pass';

let server: Headless;
let browser: TestBrowser;
let shell: AppShell;
let security: SecurityPage;

before(async () => {
  ({ server, browser, shell } = await startUi());
  security = new SecurityPage(browser.page);
});

after(() => stopUi({ browser, server }));

/** A request for a file under a token nobody was given: refused, and a guess against this address. */
async function guess(token = randomBytes(16).toString('hex'), file = 'ACC.cfg'): Promise<number> {
  const res = await fetch(`${server.deviceBaseUrl}/p/${token}/${file}`, { headers: { 'User-Agent': GUESSER_UA } });
  await res.arrayBuffer();
  return res.status;
}

test('protections: each shows its explanation and default; digest auth turned on is saved, its password never shown', async () => {
  await shell.go('security');
  await security.tab('Protections');
  // The words are the backend's own, with the default.
  for (const [name, words] of [
    ['lockAfterRegistration', 'Default: on.'],
    ['digestAuth', 'Default: off.'],
    ['lockoutMaxFailures', 'Default: 20.'],
    ['allowedSubnets', 'Default: none (everyone on the LAN).'],
    ['serialDigits', 'Default: 0 (the whole serial).'],
  ] as const) {
    const text = (await security.help(name).textContent()) ?? '';
    // (A help text's own "Off by default." gives way to the default line.)
    assert.ok(text.includes(SECURITY_SETTING_HELP[name].help.replace(/\s*(On|Off) by default\.$/, '')), `${name} explained`);
    assert.ok(text.includes(words), `${name}: ${text}`);
  }
  assert.equal(await security.control('digestAuth').isChecked(), false);

  await security.control('digestAuth').check();
  await security.addCredentials('', 'phones', DIGEST_PASSWORD);
  await security.control('allowedSubnets').fill('127.0.0.0/8\n10.99.0.0/16');
  await browser.page.getByTestId('security-dirty').waitFor();
  assert.equal(await security.save(), 200);
  await shell.waitToast('Security settings saved');
  const saved = (await server.api.getSettings()).security;
  assert.equal(saved.digestAuth, true);
  assert.deepEqual(saved.allowedSubnets, ['127.0.0.0/8', '10.99.0.0/16']);
  assert.deepEqual(
    saved.digestCredentials.map((c) => [c.site, c.username, c.passwordSet]),
    [['', 'phones', true]],
  );
  // The saved password is not in the page: the row says "set" and its field is blank.
  await browser.page.getByTestId('cred-0-status').filter({ hasText: /^set$/ }).waitFor();
  assert.equal(await browser.page.getByLabel('Row 1 password', { exact: true }).inputValue(), '');
  assert.ok(!(await browser.page.content()).includes(DIGEST_PASSWORD), 'no digest password in the page');
  await shell.screenshot('20-security-protections');

  // Turned off again (the virtual phone below does not do digest): the blank field keeps the password.
  await security.control('digestAuth').uncheck();
  assert.equal(await security.save(), 200);
  await browser.page.getByTestId('security-dirty').waitFor({ state: 'detached' });
  const after = (await server.api.getSettings()).security;
  assert.equal(after.digestAuth, false);
  assert.equal(after.digestCredentials[0]?.passwordSet, true, 'the saved password is kept');
});

test('protections: a bad subnet or number is refused in words by its field, and nothing changes', async () => {
  await shell.go('security');
  await security.tab('Protections');
  await security.control('allowedSubnets').fill('127.0.0.0/8\nbanana');
  assert.equal(await security.save(), 400);
  await security.error.waitFor();
  const text = (await security.error.textContent()) ?? '';
  assert.match(text, /The security settings were not saved/);
  assert.match(text, /Allowed subnets, “banana”: not an IPv4 subnet \(expected e\.g\. 192\.168\.1\.0\/24\)/);
  assert.doesNotMatch(text, /security\.allowedSubnets|\bat \S+:\d+:\d+/, 'no raw path, no stack trace');
  assert.equal(await security.control('allowedSubnets').getAttribute('aria-invalid'), 'true');
  await browser.page.locator('#err-subnets', { hasText: '“banana”: not an IPv4 subnet' }).waitFor();
  assert.deepEqual((await server.api.getSettings()).security.allowedSubnets, ['127.0.0.0/8', '10.99.0.0/16']);

  await security.control('lockoutMaxFailures').fill('2');
  await security.control('allowedSubnets').fill('127.0.0.0/8');
  assert.equal(await security.save(), 400);
  await security.error.filter({ hasText: 'Failures allowed: must be at least 3' }).waitFor();
  await shell.screenshot('21-security-refused');

  // Typed text that is not a number never leaves the page.
  await security.control('lockoutMaxFailures').fill('lots');
  await browser.page.getByTestId('security-save').click();
  await security.error.filter({ hasText: 'some values need fixing' }).waitFor();
  await browser.page.getByText('Type a whole number.').waitFor();
  await browser.page.getByRole('button', { name: 'Undo changes' }).click();
  assert.equal(await security.control('lockoutMaxFailures').inputValue(), '20');
  assert.equal((await server.api.getSettings()).security.lockoutMaxFailures, 20);
});

test('audit log: refused guesses and a phone’s served files, newest first, filtered; the CSV export holds them', async () => {
  // A phone walks the flow for real (served entries), then an address guesses tokens.
  const account = await server.api.createAccount({ body: { userName: '3001', password: 'pw-3001-e2e', serverHost: '127.0.0.1' } });
  await server.api.createPhone({ body: { mac: PHONE, model: 'T46U', serial: 'SEC0001', lines: [{ line: 1, accountId: account.id }] } });
  const token = (await server.api.getPhone({ params: { mac: PHONE } })).token;
  const run = await runPhones([{ mac: parseMac(PHONE) as Mac, serial: 'SEC0001', vendor: '', model: 'T46U', firmware: '108.86.0.20' }], {
    rpsUrl: server.rpsUrl,
  });
  assert.deepEqual(
    run.results.map((r) => r.reason ?? 'ok'),
    ['ok'],
  );
  // Three guesses at different files: three entries (the log never holds the token, so the file tells them apart).
  for (const file of ['a.cfg', 'b.cfg', 'c.cfg']) assert.equal(await guess(undefined, file), 404);
  // The same request four times at once: one entry, four repeats (the log folds repeats until its next write, 250 ms on).
  // The export writes what is pending first, so once it holds the last guess, the four start a fresh fold.
  const written = await server.api.auditExport({ query: {} });
  assert.match(written.csv, /c\.cfg/, 'the guesses are on disk before the repeated request');
  const same = randomBytes(16).toString('hex');
  assert.deepEqual(await Promise.all([guess(same), guess(same), guess(same), guess(same)]), [404, 404, 404, 404]);

  await shell.go('security');
  await security.tab('Audit log');
  await browser.page.getByTestId('audit-refresh').click();
  const all = await server.api.auditLog({ query: {} });
  assert.ok(all.length >= 6, `entries: ${JSON.stringify(all)}`);
  await security.waitAuditShown(all.length);
  // Newest first: the first row is the folded guess.
  const first = security.auditRows().first();
  assert.match((await first.textContent()) ?? '', /refused.*127\.0\.0\.1.*ACC\.cfg.*unknown token×4/);
  await shell.screenshot('22-security-audit');

  assert.equal(all.filter((e) => e.outcome === 'refused').length, 4, 'three guesses and one folded entry');
  await browser.page.getByTestId('audit-outcome').selectOption('refused');
  await security.waitAuditShown(4);
  await browser.page.getByTestId('audit-outcome').selectOption('served');
  const served = all.filter((e) => e.outcome === 'served').length;
  assert.ok(served >= 2, `served entries: ${served}`);
  await security.waitAuditShown(served);
  await browser.page.getByTestId('audit-outcome').selectOption('');
  await browser.page.getByTestId('audit-mac').fill(PHONE);
  await security.waitAuditShown(all.filter((e) => e.mac === parseMac(PHONE)).length);
  await browser.page.getByTestId('audit-mac').fill('');
  await browser.page.getByTestId('audit-ip').fill('127.0.0.1');
  await browser.page.getByTestId('audit-text').fill('e2e-guesser unknown token');
  await security.waitAuditShown(4);
  await browser.page.getByTestId('audit-text').fill('');

  // Export with the outcome filter: every refused entry kept on disk, no token anywhere.
  await browser.page.getByTestId('audit-outcome').selectOption('refused');
  await security.waitAuditShown(4);
  const { name, text } = await security.download('audit-export');
  assert.match(name, /^deskphone-audit-.*\.csv$/);
  const lines = text
    .replace(/^\ufeff/, '')
    .trim()
    .split(/\r?\n/);
  assert.equal(lines[0], AUDIT_CSV_HEADER.join(','));
  assert.equal(lines.length, 5, text);
  const rows = lines.slice(1).map((l) => l.split(','));
  const col = (n: string) => AUDIT_CSV_HEADER.indexOf(n as (typeof AUDIT_CSV_HEADER)[number]);
  for (const r of rows) {
    assert.equal(r[col('outcome')], 'refused');
    assert.equal(r[col('reason')], 'unknown_token');
    assert.equal(r[col('ip')], '127.0.0.1');
    assert.equal(r[col('user_agent')], GUESSER_UA);
  }
  assert.deepEqual(
    rows.map((r) => r[col('repeats')]),
    ['1', '1', '1', '4'],
    'oldest first in the file',
  );
  assert.ok(!text.includes(token) && !text.includes(same), 'no token in the export');
  await shell.waitToast('Exported 4 audit entries');
});

test('lock-out: with 3 failures allowed, a guessing address is listed with its time left and lifted from the UI', async () => {
  await shell.go('security');
  await security.tab('Protections');
  await security.control('lockoutMaxFailures').fill('3');
  assert.equal(await security.save(), 200);
  assert.equal((await server.api.getSettings()).security.lockoutMaxFailures, 3);

  const statuses: number[] = [];
  for (let i = 0; i < 6 && !statuses.includes(429); i++) statuses.push(await guess());
  assert.ok(statuses.includes(429), `locked out: ${statuses.join(' ')}`);

  await security.tab('Lock-outs');
  const row = browser.page.getByTestId('lockouts-table').locator('tbody tr', { hasText: '127.0.0.1' });
  await row.waitFor();
  // 300 s by default: minutes and seconds left.
  assert.match((await row.textContent()) ?? '', /^127\.0\.0\.1.*[45] min \d+ s$/);
  assert.match((await browser.page.getByTestId('lockout-rule').textContent()) ?? '', /after 3 failed attempts within 60 s/);
  await shell.screenshot('23-security-lockout');

  // Asked first; "Cancel" leaves it locked.
  await browser.page.getByTestId('lockouts-lift').click();
  await browser.page.locator('dialog[open]').getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await server.api.lockouts()).length, 1);
  await browser.page.getByTestId('lockouts-lift').click();
  await shell.confirm();
  await shell.waitToast('Lock-outs lifted');
  await browser.page.getByTestId('lockouts-none').waitFor();
  assert.deepEqual(await server.api.lockouts(), []);
  assert.equal(await guess(), 404, 'the address is served answers again');

  // Back to the default, so nothing later trips over it.
  await security.tab('Protections');
  await security.control('lockoutMaxFailures').fill('20');
  assert.equal(await security.save(), 200);
});

test('HTTPS certificate: the fingerprint shown is the exported PEM’s, and the PEM has no key', async () => {
  await shell.go('security');
  await security.tab('HTTPS certificate');
  const shown = ((await browser.page.getByTestId('cert-fingerprint').textContent()) ?? '').trim();
  const cert = await server.api.deviceCertificate();
  assert.equal(shown, cert.fingerprint256);
  assert.match(shown, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  const { name, text } = await security.download('cert-export');
  assert.equal(name, 'deskphone-provisioner-https.pem');
  assert.ok(text.startsWith('-----BEGIN CERTIFICATE-----'), 'plain PEM, no byte-order mark');
  assert.doesNotMatch(text, /PRIVATE KEY/);
  assert.equal(new X509Certificate(text).fingerprint256, shown);
  await shell.screenshot('24-security-certificate');
});
