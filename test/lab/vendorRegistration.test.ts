/**
 * Issue 7's integration, to the end: one virtual phone of each vendor (Yealink, Poly, Grandstream,
 * Snom, Fanvil) asks for its vendor's own files, reads its SIP account back out of them, and
 * registers with the real Asterisk 22 of the lab; the app shows each one registered through AMI.
 * The site's phone settings are set (dial plan, time zone, admin password): each virtual phone
 * checks the keys it got in its vendor's form (electron/sim/vendors/settingsCheck.ts) and still
 * reaches step 7.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enroll } from '../../electron/sim/enroll';
import { runPhones } from '../../electron/sim/runner';
import { RegisteredPhones } from '../../electron/sim/sip/registerPhones';
import { accountsToRegister, userAgentFor, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import { AsteriskLab } from './asterisk/lab';
import { labUnavailableReason } from './asterisk/chroot';
import { startTestBackend, type TestBackend } from '../support/backend';
import { readEvents } from '../support/events';
import type { ServerEvent } from '../../shared/api/events';
import { skipReasonOutsideCi } from '../support/labUnderCi';

const VENDORS = 5;
const password = (i: number) => `vendor-pw-${i}`;
const unavailable = skipReasonOutsideCi('Asterisk', labUnavailableReason());

let lab: AsteriskLab | undefined;
let backend: TestBackend | undefined;
const registered = new RegisteredPhones();

before(async () => {
  if (unavailable) return;
  backend = await startTestBackend();
  lab = await AsteriskLab.start({
    endpoints: Array.from({ length: VENDORS }, (_, i) => ({ userName: String(1000 + i), password: password(i) })),
  });
  await backend.api.updateSettings({
    body: {
      pbx: lab.pbxSettings(),
      phones: {
        dialPlan: '[2-4]xxx | 0[1-9]x. | 9xx.',
        emergencyNumbers: ['112'],
        timeZone: 'Europe/Paris',
        adminPassword: 'LabAdm1nPassword',
        userPassword: 'LabUs3rPassword',
        language: 'fr',
        timeFormat: '24h',
      },
    },
  });
});

after(async () => {
  await registered.closeAll();
  await backend?.cleanup();
  await lab?.stop();
});

test('one phone of each vendor: its own files, steps 1 to 7, registered through AMI', async (t) => {
  if (unavailable || !backend || !lab) {
    t.skip(`the Asterisk lab is not available here: ${unavailable}`);
    return;
  }
  const api = backend.api;
  const phones: PhoneIdentity[] = await enroll(api, {
    count: VENDORS,
    vendor: 'mixed',
    password,
    sipHost: lab.sipHost,
    sipPort: lab.sipPort,
  });
  assert.equal(new Set(phones.map((p) => p.vendor)).size, VENDORS, 'five different vendors');

  const summary = await runPhones(phones, { rpsUrl: backend.rpsUrl, vendor: 'mixed' });
  assert.deepEqual(
    summary.results.filter((r) => !r.ok).map((r) => `${r.mac}: ${r.reason}`),
    [],
  );
  assert.ok(
    summary.results.every((r) => r.vendor && r.vendorConfig),
    'each phone read its vendor files',
  );
  for (const r of summary.results) {
    const s = r.vendorConfig?.settings;
    assert.equal(s?.adminPassword, 'LabAdm1nPassword', `${r.vendor}: admin password`);
    assert.equal(s?.ntpServer, lab.sipHost, `${r.vendor}: NTP server defaults to the PBX`);
    assert.notEqual(s?.timeZone, '', `${r.vendor}: time zone`);
    assert.ok(s?.emergencyNumbers.includes('112'), `${r.vendor}: emergency number`);
  }

  const stream = await readEvents(backend);
  const outcomes = await registered.registerAll(
    summary.results.map((r, i) => ({
      mac: r.mac,
      userAgent: userAgentFor(phones[i] as PhoneIdentity, r.vendor),
      accounts: accountsToRegister(r),
    })),
  );
  assert.deepEqual(
    outcomes.filter((o) => !o.outcome.ok).map((o) => o.mac),
    [],
  );
  assert.equal(outcomes.length, VENDORS);

  // Step 7 as the registration monitor records it from AMI, one event per phone.
  try {
    for (const { mac, vendor } of await api.listPhones()) {
      const step7 = (e: ServerEvent) => e.type === 'step' && e.event.mac === mac && e.event.step === 7 && e.event.outcome === 'ok';
      await stream.next(`${vendor}: step 7`, step7, { timeoutMs: 15_000 });
    }
  } finally {
    stream.close();
  }
  const stages = (await api.listPhones()).map((p) => `${p.vendor}:${p.flow.stage}`);
  assert.ok(
    stages.every((s) => s.endsWith(':registered')),
    `every vendor's phone shown registered: ${stages.join(', ')}`,
  );
  for (const phone of await api.listPhones()) {
    const step7 = (await api.timeline({ params: { mac: phone.mac } })).find((e) => e.step === 7 && e.outcome === 'ok');
    assert.ok(step7, `${phone.vendor}: step 7 on the timeline`);
  }
});
