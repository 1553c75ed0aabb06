/**
 * The registration monitor's contact-detail reads against a real Asterisk 22: a burst of new
 * registrations spread over about two seconds costs at most two `PJSIPShowContacts` listings
 * (read once the burst settled, not once a second), and every phone's step 7 still carries the
 * User-Agent and source address that only the listing has. The app's own AMI client is watched,
 * not replaced: each listing it asks for is counted. A contact gone before the read costs none.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enroll } from '../../electron/sim/enroll';
import { runPhones } from '../../electron/sim/runner';
import { userAgentOf, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import { RegisteredPhones, type PhoneToRegister } from '../../electron/sim/sip/registerPhones';
import { pbxServiceOf } from '../../electron/backend/amiEvents/service';
import { AsteriskLab } from './asterisk/lab';
import { labUnavailableReason } from './asterisk/chroot';
import { startTestBackend, type TestBackend } from '../support/backend';
import { readEvents, type EventReader } from '../support/events';
import type { ServerEvent } from '../../shared/api/events';
import { skipReasonOutsideCi } from '../support/labUnderCi';

const COUNT = 40;
const GROUP = 2;
const EVERY_MS = 100;
const password = (i: number) => `pw-${i}`;

const unavailable = skipReasonOutsideCi('Asterisk', labUnavailableReason());

let lab: AsteriskLab | undefined;
let backend: TestBackend | undefined;
let stream: EventReader | undefined;
const registered = new RegisteredPhones();
/** When the app's client asked for each contact listing (from the first test on). */
const listings: number[] = [];
/** What each phone registers with (filled by the first test). */
const toRegister: PhoneToRegister[] = [];

before(async () => {
  if (unavailable) return;
  backend = await startTestBackend();
  stream = await readEvents(backend);
  lab = await AsteriskLab.start({
    endpoints: Array.from({ length: COUNT }, (_, i) => ({ userName: String(2000 + i), password: password(i) })),
    qualifyFrequency: 0,
  });
  await backend.api.updateSettings({ body: { pbx: lab.pbxSettings() } });
});

after(async () => {
  stream?.close();
  await registered.closeAll();
  await backend?.cleanup();
  await lab?.stop();
});

test(
  'a burst of new contacts over 2 s costs at most two contact listings, and each step 7 has its User-Agent and source',
  { skip: unavailable },
  async () => {
    const b = backend!;
    const phones = await enroll(b.api, { count: COUNT, firstExtension: 2000, password, sipHost: lab!.sipHost, sipPort: lab!.sipPort });
    const provisioned = await runPhones(phones, { rpsUrl: b.rpsUrl });
    assert.deepEqual(
      provisioned.results.filter((r) => !r.ok).map((r) => r.mac),
      [],
    );
    for (let i = 0; i < 100 && !(await b.api.pbxRegistrations()).synced; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await b.api.pbxRegistrations()).synced, true);

    // Count the listings the app's own client asks for from here on.
    const client = pbxServiceOf(b.ctx).client();
    const actionList = client.actionList.bind(client);
    client.actionList = (name, ...rest) => {
      if (name === 'PJSIPShowContacts') listings.push(Date.now());
      return actionList(name, ...rest);
    };

    // A group of phones registers every 100 ms, as a site does when its phones come back.
    const from = stream!.events.length;
    const groups: Promise<unknown>[] = [];
    for (let g = 0; g * GROUP < COUNT; g++) {
      const group = provisioned.results.slice(g * GROUP, (g + 1) * GROUP).map((r) => {
        const id = phones.find((p) => p.mac === r.mac) as PhoneIdentity;
        return { mac: r.mac, userAgent: userAgentOf(id), accounts: r.config?.accounts ?? [] };
      });
      toRegister.push(...group);
      groups.push(registered.registerAll(group));
      await new Promise((r) => setTimeout(r, EVERY_MS));
    }
    const outcomes = (await Promise.all(groups)).flat() as { outcome: { ok: boolean } }[];
    assert.equal(outcomes.filter((o) => o.outcome.ok).length, COUNT);

    const isStep7 = (mac: string) => (e: ServerEvent) =>
      e.type === 'step' && e.event.mac === mac && e.event.step === 7 && e.event.outcome === 'ok';
    for (const id of phones) {
      const e = await stream!.next(`${id.mac} registered`, isStep7(id.mac), { from, timeoutMs: 15_000 });
      assert.ok(e.type === 'step');
      assert.equal(e.event.userAgent, userAgentOf(id), `${id.mac}'s User-Agent`);
      assert.match(String(e.event.detail?.['source']), /^127\.0\.0\.1:\d+$/);
    }
    assert.ok(listings.length >= 1, 'the detail was read');
    assert.ok(listings.length <= 2, `${listings.length} contact listings for one burst`);
    const regs = await b.api.pbxRegistrations();
    assert.ok(regs.contacts.filter((c) => c.endpoint.startsWith('20')).every((c) => c.userAgent.startsWith('Yealink')));
  },
);

test('a contact removed before its detail was read costs no listing', { skip: unavailable }, async () => {
  assert.ok(toRegister.length > 0, 'the first test registered the phones');
  const before = listings.length;
  // The first phone registers again from another port (a new contact), and un-registers at once.
  const again = new RegisteredPhones();
  const [line] = await again.registerAll(toRegister.slice(0, 1));
  assert.equal(line?.outcome.ok, true);
  await again.closeAll();
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(listings.length, before, 'no contact listing for a contact already gone');
  // The lab's AOR keeps one contact (max_contacts = 1, remove_existing = yes): the new REGISTER
  // replaced the first contact and the un-REGISTER removed the new one, and the monitor agrees.
  const regs = await backend!.api.pbxRegistrations();
  assert.deepEqual(
    regs.contacts.filter((c) => c.endpoint === '2000'),
    [],
  );
});
