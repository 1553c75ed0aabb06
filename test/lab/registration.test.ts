/**
 * Step 7 against a real Asterisk 22 (the cached Debian sid chroot, on loopback ports): 50 virtual
 * phones walk steps 1 to 7 and the monitor shows each registered through AMI; a wrong password,
 * an account the PBX lacks and a phone that never registers each get their reason; Asterisk is
 * restarted mid-run and the monitor is right again within 10 s. Then import, export, re-provision
 * and the connection test, all on the same PBX. The link's state reaches the event stream as the
 * UI reads it: `connected`, then `synced` once the contact list was read, and again after the restart.
 */
import { EventEmitter, once } from 'node:events';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enroll } from '../../electron/sim/enroll';
import { runPhones } from '../../electron/sim/runner';
import { userAgentOf, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import { RegisteredPhones } from '../../electron/sim/sip/registerPhones';
import type { ProvisionResult } from '../../electron/sim/virtualPhone';
import { AmiClient, EVENT_CLASSES } from '../../electron/backend/ami/amiClient';
import { field } from '../../shared/ami/message';
import { AsteriskLab } from './asterisk/lab';
import { labUnavailableReason } from './asterisk/chroot';
import { startTestBackend, type TestBackend } from '../support/backend';
import { readEvents, type EventReader } from '../support/events';
import type { ServerEvent } from '../../shared/api/events';
import { skipReasonOutsideCi } from '../support/labUnderCi';

const GOOD = 50;
const WRONG = GOOD; // index of the phone whose PBX password differs
const UNKNOWN = GOOD + 1; // index of the phone whose account the PBX lacks
const SILENT = GOOD + 2; // fetches its configuration, never registers
const password = (i: number) => `pw-${i};x`;

const unavailable = skipReasonOutsideCi('Asterisk', labUnavailableReason());

let lab: AsteriskLab | undefined;
let backend: TestBackend | undefined;
let stream: EventReader | undefined;
const registered = new RegisteredPhones();
let phones: PhoneIdentity[] = [];
let results: ProvisionResult[] = [];
const notified: string[] = [];

/** The next step-7 event of that outcome for a phone on the stream, from index `from` on. */
function step7On(mac: string, outcome: 'ok' | 'failed', what: string, timeoutMs: number, from = 0): Promise<ServerEvent> {
  const match = (e: ServerEvent) => e.type === 'step' && e.event.mac === mac && e.event.step === 7 && e.event.outcome === outcome;
  return stream!.next(what, match, { from, timeoutMs });
}

/** Resolves once the phone with that MAC got a NOTIFY (the virtual phones report each one). */
const notices = new EventEmitter();
async function notifyReached(mac: string, timeoutMs: number): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  while (!notified.some((n) => n.startsWith(mac))) await once(notices, 'notify', { signal });
}

before(async () => {
  if (unavailable) return;
  backend = await startTestBackend();
  stream = await readEvents(backend);
  const api = backend.api;
  // The PBX has the first 50 accounts, the 51st with another password, and not the 52nd.
  lab = await AsteriskLab.start({
    endpoints: [
      ...Array.from({ length: GOOD }, (_, i) => ({ userName: String(1000 + i), password: password(i) })),
      { userName: String(1000 + WRONG), password: 'the-pbx-has-another' },
      { userName: String(1000 + SILENT), password: password(SILENT) },
    ],
    qualifyFrequency: 30,
  });
  await api.updateSettings({
    body: {
      pbx: {
        ...lab.pbxSettings(),
        registerDeadlineSeconds: 10,
      },
    },
  });
  phones = await enroll(api, { count: GOOD + 3, password, sipHost: lab.sipHost, sipPort: lab.sipPort });
});

type LinkEvent = Extract<ServerEvent, { type: 'pbx-link' }>;
const isLink = (e: ServerEvent): e is LinkEvent => e.type === 'pbx-link';

/** The link comes up on the stream: `connected` with Asterisk 22's version, then `synced: true`. */
async function linkUpOnStream(from: number): Promise<{ connected: number; synced: number }> {
  const s = stream!;
  const up = await s.next('pbx-link connected', (e) => isLink(e) && e.link.state === 'connected', { from, timeoutMs: 15_000 });
  assert.ok(isLink(up) && up.link.state === 'connected');
  assert.match(up.link.version, /^22\./);
  assert.equal(up.synced, false, 'connected comes before the contact list is read');
  const read = await s.next('pbx-link synced', (e) => isLink(e) && e.synced, { from: s.events.indexOf(up), timeoutMs: 15_000 });
  const synced = s.events.indexOf(read);
  // Asterisk still starting may drop a first login (the session then reconnects 250 ms later): the
  // synced link is the one that connected last before it.
  const last = s.events
    .slice(0, synced)
    .filter((e): e is LinkEvent => isLink(e) && e.link.state === 'connected')
    .at(-1) as LinkEvent;
  assert.equal(last.synced, false, 'connected comes before the contact list is read');
  assert.deepEqual(read, { ...last, synced: true }, 'the same link, now synced');
  return { connected: s.events.indexOf(last), synced };
}

after(async () => {
  stream?.close();
  await registered.closeAll();
  await backend?.cleanup();
  await lab?.stop();
});

test('50 phones go through steps 1 to 7 and every one is shown registered via AMI', { skip: unavailable }, async () => {
  const api = backend!.api;
  await linkUpOnStream(0);
  assert.ok(!stream!.text().includes(lab!.amiSecret), 'no AMI secret on the event stream');
  const summary = await runPhones(phones, { rpsUrl: backend!.rpsUrl });
  assert.deepEqual(
    summary.results.filter((r) => !r.ok).map((r) => `${r.mac}: ${r.reason}`),
    [],
  );
  results = summary.results;
  const toRegister = results
    .map((r, i) => ({ mac: r.mac, userAgent: userAgentOf(phones[i] as PhoneIdentity), accounts: r.config?.accounts ?? [] }))
    .filter((_, i) => i !== SILENT);
  const outcomes = await registered.registerAll(toRegister, {
    onNotify: (mac, event) => {
      notified.push(`${mac} ${event}`);
      notices.emit('notify');
    },
  });
  const byUser = new Map(outcomes.map((o) => [o.userName, o.outcome]));
  for (let i = 0; i < GOOD; i++) assert.equal(byUser.get(String(1000 + i))?.ok, true, `line ${1000 + i}`);
  // The phone whose credentials are refused reports the SIP status it got.
  assert.deepEqual(byUser.get(String(1000 + WRONG)), { ok: false, status: 401, reason: '401 Unauthorized: credentials refused' });
  assert.equal(byUser.get(String(1000 + UNKNOWN))?.ok, false);

  const good = new Set(phones.slice(0, GOOD).map((p) => p.mac));
  const deadline = Date.now() + 15_000;
  for (const mac of good) await step7On(mac, 'ok', `${mac} registered`, Math.max(1, deadline - Date.now()));
  const view = await api.listPhones();
  assert.equal(view.filter((p) => p.flow.stage === 'registered').length, GOOD);
  const regs = await api.pbxRegistrations();
  assert.equal(regs.link.state, 'connected');
  assert.equal(regs.contacts.length, GOOD);
  assert.ok(regs.contacts.every((c) => c.macs.length === 1 && c.userAgent.startsWith('Yealink')));

  const first = phones[0] as PhoneIdentity;
  const timeline = await api.timeline({ params: { mac: first.mac } });
  const step7 = timeline.find((e) => e.step === 7 && e.outcome === 'ok');
  assert.ok(step7, 'step 7 on the timeline');
  assert.match(step7.file ?? '', /^sip:1000@127\.0\.0\.1:\d+$/);
  assert.equal(step7.userAgent, userAgentOf(first));
  assert.equal(step7.ip, '127.0.0.1');
  assert.match(String(step7.detail?.['source']), /^127\.0\.0\.1:\d+$/);
  assert.equal(step7.detail?.['account'], '1000');
});

test('a wrong password and an unknown account are told apart, in words a technician can act on', { skip: unavailable }, async () => {
  const api = backend!.api;
  const wrong = phones[WRONG] as PhoneIdentity;
  const unknown = phones[UNKNOWN] as PhoneIdentity;
  await step7On(wrong.mac, 'failed', 'wrong password reason', 10_000);
  const w = await api.getPhone({ params: { mac: wrong.mac } });
  assert.equal(w.flow.stage, 'failed');
  assert.match(w.flow.failure?.reason ?? '', /^Wrong password: .*account 1050 .*127\.0\.0\.1:\d+/);
  await step7On(unknown.mac, 'failed', 'unknown account reason', 10_000);
  const u = await api.getPhone({ params: { mac: unknown.mac } });
  assert.match(u.flow.failure?.reason ?? '', /^Unknown account: .*"1051"/);
});

test('a phone that fetched its configuration but never reached the PBX is flagged after the deadline', { skip: unavailable }, async () => {
  const api = backend!.api;
  const silent = phones[SILENT] as PhoneIdentity;
  await step7On(silent.mac, 'failed', 'no REGISTER seen', 20_000);
  const p = await api.getPhone({ params: { mac: silent.mac } });
  assert.match(p.flow.failure?.reason ?? '', /^No REGISTER seen: .*account 1052 .*127\.0\.0\.1:\d+ within 10 s/);
});

test('Asterisk restarted mid-run: the monitor reconnects and the states are right again within 10 s', { skip: unavailable }, async () => {
  const api = backend!.api;
  const mark = stream!.events.length;
  await lab!.kill();
  // The UI sees it all on the stream: the link lost (unsynced, with the reason), then back and synced.
  const lost = await stream!.next('pbx-link connecting', (e) => isLink(e) && e.link.state === 'connecting', {
    from: mark,
    timeoutMs: 5_000,
  });
  assert.ok(isLink(lost) && lost.link.state === 'connecting');
  assert.equal(lost.synced, false);
  assert.ok(lost.link.lastError, 'says why');
  assert.equal((await api.pbxRegistrations()).synced, false);
  await lab!.startAgain();
  const started = Date.now();
  const back = await linkUpOnStream(stream!.events.indexOf(lost));
  const tookMs = Date.now() - started;
  assert.ok(tookMs <= 10_000, `took ${tookMs} ms`);
  assert.ok(back.synced > back.connected);
  const regs = await api.pbxRegistrations();
  assert.deepEqual([regs.link.state, regs.synced], ['connected', true]);
  assert.equal(regs.contacts.length, GOOD);
  const listed = await api.listPhones();
  const good = new Set(phones.slice(0, GOOD).map((p) => p.mac as string));
  assert.equal(listed.filter((p) => good.has(p.mac) && p.flow.stage === 'registered').length, GOOD);
});

test('the connection test says exactly what failed', { skip: unavailable }, async () => {
  const api = backend!.api;
  const ok = await api.pbxTest({ body: {} });
  assert.equal(ok.ok, true, ok.message);
  assert.match(ok.asteriskVersion ?? '', /^22\./);
  assert.equal(ok.endpoints, GOOD + 2);
  // The settings never show the AMI secret; saving them back without it keeps it, and blank means the saved one.
  const view = await api.getSettings();
  assert.deepEqual([view.pbx.amiSecret, view.pbx.amiSecretSet], ['', true]);
  assert.ok(!JSON.stringify(view).includes(lab!.amiSecret));
  await api.updateSettings({ body: { pbx: view.pbx } });
  assert.equal((await api.pbxTest({ body: { amiSecret: '' } })).ok, true, 'still logs in after a save without the secret');
  const badSecret = await api.pbxTest({ body: { amiSecret: 'nope' } });
  assert.deepEqual([badSecret.ok, badSecret.stage], [false, 'login']);
  assert.match(badSecret.message, /refused the login of AMI user "dplab"/);
  const badUser = await api.pbxTest({ body: { amiUser: 'nobody' } });
  assert.equal(badUser.stage, 'login');
  const badPort = await api.pbxTest({ body: { amiPort: lab!.sipPort } });
  assert.deepEqual([badPort.ok, badPort.stage], [false, 'connect']);
  assert.match(badPort.message, /connection refused/);
  const badHost = await api.pbxTest({ body: { amiHost: 'no-such-host.invalid' } });
  assert.match(badHost.message, /does not resolve/);
});

test('endpoints import from the PBX with their credentials; the export covers only what the PBX lacks', { skip: unavailable }, async () => {
  const api = backend!.api;
  const endpoints = await api.pbxEndpoints();
  assert.equal(endpoints.length, GOOD + 2);
  const e1000 = endpoints.find((e) => e.name === '1000');
  assert.ok(e1000?.hasPassword && e1000.accountId);
  const exported = await api.pbxExportPjsip({ body: {} });
  assert.equal(exported.unchecked, false);
  assert.deepEqual(exported.exported, ['1051']);
  assert.match(exported.config, /\[1051\]\ntype = aor\nmax_contacts = 1\nremove_existing = yes/);
  assert.ok(exported.alreadyOnPbx.includes('1050'));
  // The PBX's password for 1050 replaces the app's, so the phone can register after a re-provision.
  const imported = await api.pbxImport({ body: { names: ['1050', 'nope'] } });
  assert.deepEqual(imported.updated, ['1050']);
  assert.deepEqual(imported.skipped, [{ name: 'nope', reason: 'the PBX has no such endpoint' }]);
  const account = (await api.listAccounts()).find((a) => a.userName === '1050');
  assert.ok(account);
  assert.equal((await api.revealPassword({ params: { id: account.id } })).password, 'the-pbx-has-another');
});

test('re-provision asks a registered phone to re-fetch its configuration through the PBX', { skip: unavailable }, async () => {
  const api = backend!.api;
  const target = phones[3] as PhoneIdentity;
  const res = await api.reprovisionPhone({ params: { mac: target.mac }, query: {} });
  assert.deepEqual([res.endpoint, res.state], ['1003', 'pending']);
  await notifyReached(target.mac, 5_000);
  // A phone with no vendor on its record gets the generic event, whatever its User-Agent says.
  assert.ok(notified.includes(`${target.mac} check-sync`), notified.join(', '));
  const silent = phones[SILENT] as PhoneIdentity;
  await assert.rejects(api.reprovisionPhone({ params: { mac: silent.mac }, query: {} }), /not registered/);
});

test('un-registering shows on the timeline', { skip: unavailable }, async () => {
  const api = backend!.api;
  const mark = stream!.events.length;
  await registered.closeAll();
  const first = phones[0] as PhoneIdentity;
  await step7On(first.mac, 'failed', 'un-registered', 10_000, mark);
  const p = await api.getPhone({ params: { mac: first.mac } });
  assert.match(p.flow.failure?.reason ?? '', /^Not registered any more/);
  const regs = await api.pbxRegistrations();
  assert.equal(regs.contacts.length, 0);
});

test(
  'the AMI link asks only for the event classes the app reads: a user event never arrives, a security event does',
  { skip: unavailable },
  async () => {
    const l = lab!;
    const client = await AmiClient.connect({ host: l.amiHost, port: l.amiPort, user: l.amiUser, secret: l.amiSecret });
    try {
      const seen: string[] = [];
      let wrongLogin: () => void = () => undefined;
      const security = new Promise<void>((resolve) => (wrongLogin = resolve));
      client.onEvent((event) => {
        const name = field(event, 'Event') ?? '';
        seen.push(name);
        if (field(event, 'Service') === 'AMI' && /InvalidPassword|ChallengeResponseFailed|FailedACL/.test(name)) wrongLogin();
      });
      // First a `user` class event, then a `security` one (a login with a wrong secret); events come
      // in order, so had the first been sent it would be seen before the second.
      await client.action('UserEvent', { UserEvent: 'DpMaskCheck' });
      await AmiClient.connect({ host: l.amiHost, port: l.amiPort, user: l.amiUser, secret: 'not-the-secret' }).catch(() => undefined);
      await security;
      assert.ok(!seen.includes('UserEvent'), seen.join(', '));
      assert.equal(EVENT_CLASSES, 'system,call,security');
    } finally {
      await client.close();
    }
  },
);
