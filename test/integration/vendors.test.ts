/**
 * One virtual phone of each vendor through steps 1 to 6 against the real backend on loopback:
 * it asks the RPS, then fetches its vendor's own file names with its vendor's User-Agent, and
 * what it parses back must hold every account and key assigned that the vendor can do. The
 * timeline records each request like the default dialect's. Step 7 (registration) is the
 * Asterisk lab's: it uses the same firmware profiles (electron/sim/vendors/profiles.ts).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enroll } from '../../electron/sim/enroll';
import { runPhones } from '../../electron/sim/runner';
import { VirtualPhone } from '../../electron/sim/virtualPhone';
import { profileFor, SIM_VENDORS } from '../../electron/sim/vendors/profiles';
import type { ProvisioningInput } from '../../shared/config/provisioningInput';
import type { Phone } from '../../shared/domain/phone';
import { vendorById } from '../../shared/vendors/registry';
import { expectedFor, verifyParsed } from '../../shared/vendors/common/verify';
import { formatMac, type Mac } from '../../shared/mac';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
before(async () => {
  backend = await startTestBackend();
});
after(async () => {
  await backend.cleanup();
});

/** The assignment as the server sees it, rebuilt from the admin API (the password is the one enrolled). */
async function assignmentOf(mac: Mac, password: string): Promise<ProvisioningInput> {
  const phone = await backend.api.getPhone({ params: { mac } });
  const accounts = await backend.api.listAccounts();
  const lines = phone.lines.map((l) => {
    const view = accounts.find((a) => a.id === l.accountId);
    assert.ok(view);
    const { hasPassword: _h, ...rest } = view;
    return { line: l.line, account: { ...rest, password } };
  });
  return {
    phone: phone as unknown as Phone,
    lines,
    provisioningUrl: '',
    callServer: { host: '127.0.0.1', port: 5060, transport: 'udp' },
  };
}

SIM_VENDORS.forEach((id, n) => {
  test(`a virtual ${id} phone walks steps 1 to 6 with its vendor's file names, and gets every account and key it can do`, async () => {
    const plugin = vendorById(id);
    const password = `Pw-${id}-${n}`;
    const [phone] = await enroll(backend.api, { count: 1, start: 100 + n, vendor: id, password: () => password });
    assert.ok(phone);
    assert.equal(phone.mac.slice(0, 6).toUpperCase(), plugin.recognition.oui[0]);

    const result = await new VirtualPhone(phone, { rpsUrl: backend.rpsUrl, vendor: id }).provision();
    assert.equal(result.ok, true, result.reason);
    const expected = expectedFor(plugin, await assignmentOf(phone.mac, password));
    assert.equal(expected.accounts.length, 1);
    assert.deepEqual(verifyParsed(plugin, expected, result.vendorConfig!), []);
    assert.match(result.vendorConfig?.provisioningUrl ?? '', /\/p\/[A-Za-z0-9_-]{20,}\/$/);

    const view = await backend.api.getPhone({ params: { mac: phone.mac } });
    assert.equal(view.flow.stage, 'configured');
    const timeline = await backend.api.timeline({ params: { mac: phone.mac } });
    const ok = new Set(timeline.filter((e) => e.outcome === 'ok').map((e) => e.step));
    assert.deepEqual([...ok].sort(), [1, 2, 4, 6], 'one event per exchange');
    assert.deepEqual(
      Object.entries(view.flow.steps).map(([step, mark]) => [Number(step), mark?.outcome]),
      [1, 2, 3, 4, 5, 6].map((step) => [step, 'ok']),
    );
    assert.ok(
      timeline.every((e) => e.outcome !== 'failed'),
      JSON.stringify(timeline.filter((e) => e.outcome === 'failed')),
    );
    const ua = profileFor(id).userAgent(phone);
    assert.ok(timeline.filter((e) => e.step >= 3).every((e) => e.userAgent === ua));
    const served = timeline.filter((e) => e.step === 6 && e.outcome === 'ok');
    assert.ok(served.length > 0 && served.every((e) => e.detail?.['dialect'] === id), JSON.stringify(served));
    const secretFiles = served.filter((e) => plugin.fileFor(e.file ?? '', phone.mac)?.secret).map((e) => e.file);
    assert.equal(secretFiles.length, 1, `${id} serves its secrets in one per-phone file`);
  });
});

test("a single-file vendor's file fetched over and over stays the two events of its exchange (BootFile and configuration served), counted", async () => {
  const [gs] = await enroll(backend.api, { count: 1, start: 230, vendor: 'grandstream' });
  assert.ok(gs);
  const vp = await new VirtualPhone(gs, { rpsUrl: backend.rpsUrl, vendor: 'grandstream' }).provision();
  assert.equal(vp.ok, true, vp.reason);
  const before = await backend.api.timeline({ params: { mac: gs.mac } });
  const served = before.filter((e) => e.step === 6 && e.outcome === 'ok');
  const file = served[0]?.file ?? '';
  assert.equal(served.length, 1);
  const headers = { 'User-Agent': profileFor('grandstream').userAgent(gs) };
  for (let i = 0; i < 5; i++) assert.equal((await fetch(`${vp.provisioningUrl}${file}`, { headers })).status, 200);
  const after = await backend.api.timeline({ params: { mac: gs.mac } });
  assert.equal(after.length, before.length, 'each fetch again is the same exchange as the last: folded into its two events');
  assert.deepEqual(
    after.slice(-2).map((e) => [e.step, e.file, e.detail?.['repeats']]),
    [
      [4, file, 6],
      [6, file, 6],
    ],
  );
});

test('names real firmware tries and the server does not serve are information on the timeline, not failures', async () => {
  const [gs] = await enroll(backend.api, { count: 1, start: 200, vendor: 'grandstream' });
  assert.ok(gs);
  assert.equal((await new VirtualPhone(gs, { rpsUrl: backend.rpsUrl, vendor: 'grandstream' }).provision()).ok, true);
  const timeline = await backend.api.timeline({ params: { mac: gs.mac } });
  const probe = timeline.find((e) => e.file === `cfg${gs.mac}`);
  assert.equal(probe?.outcome, 'info');
  assert.match(probe?.reason ?? '', /does not serve/);
});

test("a request naming another phone's MAC, by file name or User-Agent, gets nothing and fails on the timeline", async () => {
  const [y] = await enroll(backend.api, { count: 1, start: 210, vendor: 'yealink', password: () => 'Pw-mismatch' });
  assert.ok(y);
  const vp = await new VirtualPhone(y, { rpsUrl: backend.rpsUrl, vendor: 'yealink' }).provision();
  assert.equal(vp.ok, true, vp.reason);
  const base = vp.provisioningUrl as string;
  const other = '805ec0999999';

  const byName: Response = await fetch(`${base}${other}.cfg`, { headers: { 'User-Agent': 'Yealink SIP-T46U 108.86.0.20' } });
  assert.equal(byName.status, 404);
  assert.ok(!(await byName.text()).includes('Pw-mismatch'));
  const byAgent: Response = await fetch(`${base}${y.mac}.cfg`, {
    headers: { 'User-Agent': `Yealink SIP-T46U 108.86.0.20 ${formatMac(other as Mac)}` },
  });
  assert.equal(byAgent.status, 404);
  assert.ok(!(await byAgent.text()).includes('Pw-mismatch'));

  const failed = (await backend.api.timeline({ params: { mac: y.mac } })).filter((e) => e.outcome === 'failed');
  assert.equal(failed.length, 2);
  assert.match(failed[0]?.reason ?? '', /80:5E:C0:99:99:99.*another phone's URL/);
  assert.match(failed[1]?.reason ?? '', /User-Agent says MAC 80:5E:C0:99:99:99/);
  const view = await backend.api.getPhone({ params: { mac: y.mac } });
  assert.equal(view.flow.stage, 'failed');
});

test('vendor files asked for at the listener root are never served; a known phone is told why on its timeline', async () => {
  const [f] = await enroll(backend.api, { count: 1, start: 220, vendor: 'fanvil', password: () => 'Pw-root' });
  assert.ok(f);
  for (const name of [`${f.mac}.cfg`, 'y000000000000.boot', '000000000000.cfg', `cfg${f.mac}.xml`]) {
    const res: Response = await fetch(`${backend.deviceBaseUrl.replace(/\/$/, '')}/${name}`, {
      headers: { 'User-Agent': profileFor('fanvil').userAgent(f) },
    });
    assert.equal(res.status, 404, name);
    const body = await res.text();
    assert.ok(!body.includes('Pw-root') && !body.includes('/p/'), name);
  }
  const failed = (await backend.api.timeline({ params: { mac: f.mac } })).filter((e) => e.outcome === 'failed');
  // Its own <mac>.cfg and the seeds' common boot file are files it would get under its token.
  assert.deepEqual(failed.map((e) => e.file).sort(), [`${f.mac}.cfg`, 'y000000000000.boot']);
  for (const e of failed) {
    assert.equal(e.step, 3);
    assert.match(e.reason ?? '', /without its provisioning token/);
  }
});

test('--vendor mixed: phones of every vendor at once, each playing its recorded maker', async () => {
  const phones = await enroll(backend.api, { count: 10, start: 300, vendor: 'mixed' });
  assert.deepEqual(new Set(phones.map((p) => p.vendor)).size, 5);
  const summary = await runPhones(phones, { rpsUrl: backend.rpsUrl, vendor: 'mixed' });
  assert.deepEqual(
    summary.results.filter((r) => !r.ok).map((r) => `${r.mac}: ${r.reason}`),
    [],
  );
});
