/**
 * Issue 20, against the real Asterisk 22 of the lab, with default settings (phones lock once
 * registered): a registered virtual phone of each vendor, and one with no vendor, gets a key
 * changed and is re-provisioned. Each receives its vendor plugin's event, fetches every file
 * again (no re-open), registers again, and the app follows it pending -> fetched -> registered.
 * Afterwards the lock is closed again: a fetch from another address, or after the window, is
 * refused. A phone that ignores the NOTIFY is reported with what to check. A refused send is a
 * 502 with a timeline event, and the connection test tells an AMI user without `write = system`.
 * A real SIP UA from Debian (baresip, loopback only) receives the vendor's event.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { enroll } from '../../electron/sim/enroll';
import { runPhones } from '../../electron/sim/runner';
import { RegisteredPhones } from '../../electron/sim/sip/registerPhones';
import { ResyncOnNotify } from '../../electron/sim/sip/resyncOnNotify';
import { accountsToRegister, userAgentFor, type PhoneIdentity, type ProvisionResult } from '../../electron/sim/virtualPhone';
import type { ReprovisionView } from '../../shared/pbx/reprovision';
import { vendorByName } from '../../shared/vendors/registry';
import { ApiError } from '../../shared/api/client';
import { AmiClient } from '../../electron/backend/ami/amiClient';
import { AsteriskLab, freeUdpPort } from './asterisk/lab';
import { labUnavailableReason } from './asterisk/chroot';
import { Baresip, baresipUnavailableReason } from './baresip';
import { startTestBackend, type TestBackend } from '../support/backend';
import { until } from '../support/until';
import { skipReasonOutsideCi } from '../support/labUnderCi';

const VENDOR_PHONES = 5; // Yealink, Poly, Grandstream, Snom, Fanvil (enroll's `mixed` order)
const PLAIN = VENDOR_PHONES; // no vendor on its record: the seeds' default files
const SILENT = VENDOR_PHONES + 1; // registered, never acts on a NOTIFY
const UA_EXT = '1007'; // baresip's account
const password = (i: number) => `reprov-pw-${i}`;
const RO_USER = 'dpreadonly';
const RO_SECRET = 'ro-secret-1234';

const unavailable = skipReasonOutsideCi('Asterisk', labUnavailableReason());

let lab: AsteriskLab | undefined;
let backend: TestBackend | undefined;
const registered = new RegisteredPhones();
let resync: ResyncOnNotify | undefined;
let phones: PhoneIdentity[] = [];
let results: ProvisionResult[] = [];
const notified: string[] = [];

/** GET a file under a phone's provisioning URL from a chosen local address: the HTTP status. */
function fetchFrom(url: string, localAddress: string, userAgent: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers: { 'User-Agent': userAgent } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function reprovisionOf(mac: string): Promise<ReprovisionView | undefined> {
  return (await backend!.api.listReprovisions()).find((r) => r.mac === mac);
}

before(async () => {
  if (unavailable) return;
  backend = await startTestBackend();
  const api = backend.api;
  lab = await AsteriskLab.start({
    endpoints: [
      ...Array.from({ length: SILENT + 1 }, (_, i) => ({ userName: String(1000 + i), password: password(i) })),
      { userName: UA_EXT, password: 'baresip-pw' },
    ],
    extraAmiUsers: [{ user: RO_USER, secret: RO_SECRET, read: 'system,security', write: 'call' }],
    // Debian's baresip 1.0 (libre) gives up ("Function not implemented") when any challenge is not
    // MD5, so this PBX offers MD5 only; the virtual phones answer MD5 as well.
    algorithms: ['MD5'],
  });
  await api.updateSettings({ body: { pbx: { ...lab.pbxSettings(), registerDeadlineSeconds: 10 } } });
  const vendorPhones = await enroll(api, { count: VENDOR_PHONES, vendor: 'mixed', password, sipHost: lab.sipHost, sipPort: lab.sipPort });
  const plainPhones = await enroll(api, {
    count: 2,
    start: PLAIN,
    password: (i) => password(PLAIN + i),
    sipHost: lab.sipHost,
    sipPort: lab.sipPort,
  });
  phones = [...vendorPhones, ...plainPhones];
  const first = await runPhones(vendorPhones, { rpsUrl: backend.rpsUrl, vendor: 'mixed' });
  const second = await runPhones(plainPhones, { rpsUrl: backend.rpsUrl });
  results = [...first.results, ...second.results];
  assert.deepEqual(
    results.filter((r) => !r.ok).map((r) => `${r.mac}: ${r.reason}`),
    [],
  );
  resync = new ResyncOnNotify(registered, { rpsUrl: backend.rpsUrl });
  phones.forEach((id, i) => {
    const r = results[i] as ProvisionResult;
    if (i !== SILENT) resync!.add({ id, provisioningUrl: r.provisioningUrl as string, ...(r.vendor ? { vendor: r.vendor } : {}) });
  });
  const outcomes = await registered.registerAll(
    results.map((r, i) => ({ mac: r.mac, userAgent: userAgentFor(phones[i] as PhoneIdentity, r.vendor), accounts: accountsToRegister(r) })),
    {
      onNotify: (mac, event) => {
        notified.push(`${mac} ${event}`);
        resync!.onNotify(mac, event);
      },
    },
  );
  assert.deepEqual(
    outcomes.filter((o) => !o.outcome.ok).map((o) => o.mac),
    [],
  );
  // Default settings: each phone is locked once the PBX shows it registered.
  await until('every phone registered and locked', 20_000, async () => {
    const listed = await api.listPhones();
    return listed.every((p) => p.flow.stage === 'registered' && p.lockedAt) ? true : undefined;
  });
});

after(async () => {
  await registered.closeAll();
  await backend?.cleanup();
  await lab?.stop();
});

test(
  'a registered phone of each vendor, and one with no vendor: change a key, re-provision, it fetches every file and registers again',
  { skip: unavailable },
  async () => {
    const api = backend!.api;
    const targets = phones.slice(0, SILENT);
    for (const [i, id] of targets.entries()) {
      const phone = await api.getPhone({ params: { mac: id.mac } });
      const buttons = phone.buttons.map((b) => (b.key === 4 ? { ...b, label: `Park ${i}`, value: `70${i}` } : b));
      await api.setButtons({ params: { mac: id.mac }, body: buttons });
    }
    const started = await Promise.all(targets.map((id) => api.reprovisionPhone({ params: { mac: id.mac }, query: {} })));
    for (const [i, r] of started.entries()) {
      const id = targets[i] as PhoneIdentity;
      const plugin = vendorByName(id.vendor);
      assert.equal(r.state, 'pending');
      assert.equal(r.event, plugin?.resyncEvent ?? 'check-sync', `${id.vendor || 'no vendor'}: the plugin's event`);
      assert.equal(r.address, '127.0.0.1');
      assert.equal(r.windowOpen, true);
    }
    const done = await until('every re-provision registered', 30_000, async () => {
      const all = await api.listReprovisions();
      const mine = targets.map((id) => all.find((r) => r.mac === id.mac));
      return mine.every((r) => r && r.state !== 'pending' && r.state !== 'fetched') ? (mine as ReprovisionView[]) : undefined;
    });
    for (const [i, r] of done.entries()) {
      const id = targets[i] as PhoneIdentity;
      const label = id.vendor || 'no vendor';
      assert.equal(r.state, 'registered', `${label}: ${r.message} ${r.hint ?? ''}`);
      assert.equal(r.windowOpen, false, `${label}: the lock is closed again`);
      assert.ok(r.fetchedAt && r.registeredAt);
      // Every file the phone asked for was served, from its own address, nothing refused.
      const report = resync!.reports.find((x) => x.mac === id.mac);
      assert.ok(report?.result.ok, `${label}: ${report?.result.reason}`);
      assert.ok(
        report.registered.every((o) => o.ok),
        `${label}: registered again`,
      );
      assert.deepEqual(
        r.files.filter((f) => !f.served),
        [],
      );
      assert.ok(r.files.every((f) => f.ip === '127.0.0.1'));
      const got = new Set([...(report.result.files?.keys() ?? []), ...(report.result.config ? ['ACC.cfg', 'BTN.cfg'] : [])]);
      for (const f of got)
        assert.ok(
          r.files.some((x) => x.file === f),
          `${label}: ${f} listed as fetched`,
        );
      // The changed key reached the phone.
      const keys = report.result.vendorConfig?.buttons ?? report.result.config?.buttons ?? [];
      assert.ok(
        keys.some((b) => b.key === 4 && b.value === `70${i}`),
        `${label}: key 4 is now park 70${i}: ${JSON.stringify(keys)}`,
      );
      assert.ok(notified.includes(`${id.mac} ${r.event}`), `${label}: the phone got ${r.event}`);
      // Still locked: nothing was re-opened.
      assert.ok((await api.getPhone({ params: { mac: id.mac } })).lockedAt, `${label}: still locked`);
      const audit = await api.auditLog({ query: { mac: id.mac, kind: 'reprovision' } });
      assert.deepEqual(audit.map((a) => a.outcome).sort(), ['closed', 'opened'], `${label}: window opened and closed in the audit log`);
      assert.match(audit.find((a) => a.outcome === 'closed')?.what ?? '', /fetched its files/);
      const timeline = await api.timeline({ params: { mac: id.mac } });
      const marks = timeline.filter((e) => e.detail?.['reprovision']).map((e) => e.detail?.['reprovision']);
      assert.deepEqual(marks, ['pending', 'fetched', 'registered'], `${label}: on the timeline`);
    }
  },
);

test('after a re-provision the lock is closed again: the phone itself is refused its passwords', { skip: unavailable }, async () => {
  const id = phones[0] as PhoneIdentity;
  const base = (results[0] as ProvisionResult).provisioningUrl as string;
  const status = await fetchFrom(new URL(`${id.mac}.cfg`, base).href, '127.0.0.1', userAgentFor(id, 'yealink'));
  assert.equal(status, 403);
});

test(
  'a fetch from another address is refused while the window is open; after the window, the phone too',
  { skip: unavailable },
  async () => {
    const api = backend!.api;
    const id = phones[SILENT] as PhoneIdentity;
    const base = (results[SILENT] as ProvisionResult).provisioningUrl as string;
    const acc = new URL('ACC.cfg', base).href;
    const ua = userAgentFor(id);
    const r = await api.reprovisionPhone({ params: { mac: id.mac }, query: { windowSeconds: 5 } });
    assert.deepEqual([r.state, r.address, r.windowSeconds], ['pending', '127.0.0.1', 5]);
    assert.equal(await fetchFrom(acc, '127.0.0.2', ua), 403, 'another address is refused');
    const refused = await until('the refusal listed', 3_000, async () => {
      const v = await reprovisionOf(id.mac);
      return v?.files.some((f) => !f.served && f.ip === '127.0.0.2') ? v : undefined;
    });
    assert.equal(refused.state, 'pending');
    const late = await until('the window to pass', 10_000, async () => {
      const v = await reprovisionOf(id.mac);
      return v?.state === 'no_fetch' ? v : undefined;
    });
    assert.equal(late.message, 'The phone did not fetch its files within 5 s.');
    assert.match(late.hint ?? '', /reachable at 127\.0\.0\.1/);
    assert.match(late.hint ?? '', /ACC\.cfg from 127\.0\.0\.2/);
    assert.equal(late.windowOpen, false);
    assert.equal(await fetchFrom(acc, '127.0.0.1', ua), 403, 'after the window, its own address is refused too');
    const timeline = await api.timeline({ params: { mac: id.mac } });
    assert.ok(timeline.some((e) => e.detail?.['reprovision'] === 'no_fetch' && /did not fetch its files within 5 s/.test(e.reason ?? '')));
  },
);

test(
  're-provision and reboot: the vendor event with reboot where it has one, a clear 400 where it has not',
  { skip: unavailable },
  async () => {
    const api = backend!.api;
    const snom = phones.find((p) => p.vendor === 'Snom') as PhoneIdentity;
    const r = await api.reprovisionPhone({ params: { mac: snom.mac }, query: { reboot: 'true' } });
    assert.equal(r.event, 'check-sync;reboot=true');
    const done = await until('the reboot re-provision', 20_000, async () => {
      const v = await reprovisionOf(snom.mac);
      return v && v.id === r.id && v.state !== 'pending' && v.state !== 'fetched' ? v : undefined;
    });
    assert.equal(done.state, 'registered', done.message);
    const report = resync!.reports.filter((x) => x.mac === snom.mac).at(-1);
    assert.equal(report?.reboot, true, 'the phone rebooted (un-registered first)');
    const poly = phones.find((p) => p.vendor === 'Poly') as PhoneIdentity;
    const refused = await api.reprovisionPhone({ params: { mac: poly.mac }, query: { reboot: 'true' } }).catch((e: unknown) => e);
    assert.ok(refused instanceof ApiError);
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /one re-sync event/);
  },
);

test('bulk: a selection is re-provisioned, each phone with its own result', { skip: unavailable }, async () => {
  const api = backend!.api;
  const macs = [(phones[0] as PhoneIdentity).mac, (phones[PLAIN] as PhoneIdentity).mac, '00:11:22:33:44:55'];
  const res = await api.reprovisionPhones({ body: { macs, windowSeconds: 30 } });
  assert.deepEqual(
    res.results.map((r) => [r.ok, r.reprovision?.state ?? r.error?.status]),
    [
      [true, 'pending'],
      [true, 'pending'],
      [false, 404],
    ],
  );
  for (const mac of macs.slice(0, 2)) {
    const v = await until(`${mac} registered`, 20_000, async () => {
      const x = await reprovisionOf(mac);
      return x?.state === 'registered' ? x : undefined;
    });
    assert.equal(v.windowOpen, false);
  }
});

test(
  'failures are failures: a NOTIFY the PBX refuses is a 502 with a timeline event; the connection test says why',
  { skip: unavailable },
  async () => {
    const api = backend!.api;
    const ok = await api.pbxTest({ body: {} });
    assert.equal(ok.mayNotify, true, ok.message);
    assert.match(ok.message, /may send NOTIFY/);
    // An AMI user without write = system: Asterisk 22 refuses PJSIPNotify (and the PJSIP lists) to it.
    const ro = await api.pbxTest({ body: { amiUser: RO_USER, amiSecret: RO_SECRET } });
    assert.deepEqual([ro.ok, ro.stage, ro.mayNotify], [false, 'pjsip', false]);
    assert.match(ro.hint ?? '', /write = system/);

    // The PBX itself refuses: res_pjsip_notify unloaded (a real Asterisk answer, no fake).
    const admin = await AmiClient.connect({ ...amiOf(lab!), connectTimeoutMs: 5000 });
    try {
      // AMI's Command refuses "module unload" (blacklisted); ModuleLoad is the action for it.
      await admin.action('ModuleLoad', { Module: 'res_pjsip_notify.so', LoadType: 'unload' });
      const test = await api.pbxTest({ body: {} });
      assert.equal(test.mayNotify, false, test.message);
      assert.match(test.hint ?? '', /res_pjsip_notify/);
      const id = phones[1] as PhoneIdentity;
      const failed = await api.reprovisionPhone({ params: { mac: id.mac }, query: {} }).catch((e: unknown) => e);
      assert.ok(failed instanceof ApiError, String(failed));
      assert.equal(failed.status, 502);
      assert.equal(failed.body.code, 'pbx_refused');
      assert.match(failed.body.hint ?? '', /res_pjsip_notify/);
      const timeline = await api.timeline({ params: { mac: id.mac } });
      const last = timeline.filter((e) => e.detail?.['reprovision']).at(-1);
      assert.equal(last?.detail?.['reprovision'], 'failed');
      assert.match(last?.reason ?? '', /^Re-provision not sent: The PBX refused/);
      assert.equal((await reprovisionOf(id.mac))?.state, 'failed');
      // The window it opened is closed again: the phone is refused its passwords.
      const base = (results[1] as ProvisionResult).provisioningUrl as string;
      assert.equal(await fetchFrom(new URL(`${id.mac}-user.cfg`, base).href, '127.0.0.1', userAgentFor(id, 'poly')), 403);
    } finally {
      await admin.action('ModuleLoad', { Module: 'res_pjsip_notify.so', LoadType: 'load' }).catch(() => undefined);
      await admin.close();
    }
    // A phone that is not registered: 409, and a timeline event too.
    const account = await api.createAccount({
      body: { userName: '1999', password: 'unused-pw', serverHost: lab!.sipHost, transport: 'udp' },
    });
    await api.createPhone({ body: { mac: '805ec0fffff1', lines: [{ line: 1, accountId: account.id }] } });
    const conflict = await api.reprovisionPhone({ params: { mac: '805ec0fffff1' }, query: {} }).catch((e: unknown) => e);
    assert.ok(conflict instanceof ApiError);
    assert.deepEqual([conflict.status, conflict.body.code], [409, 'conflict']);
    const t = await api.timeline({ params: { mac: '805ec0fffff1' } });
    assert.match(t.at(-1)?.reason ?? '', /^Re-provision not sent: .*not registered/);
  },
);

function amiOf(l: AsteriskLab): { host: string; port: number; user: string; secret: string } {
  const s = l.pbxSettings();
  return { host: s.amiHost, port: s.amiPort, user: s.amiUser, secret: s.amiSecret };
}

const noBaresip = unavailable ?? baresipUnavailableReason();

test('a real SIP UA from Debian (baresip) receives the vendor event of the phone it stands for', { skip: noBaresip }, async () => {
  const api = backend!.api;
  const account = await api.createAccount({
    body: { userName: UA_EXT, password: 'baresip-pw', serverHost: lab!.sipHost, serverPort: lab!.sipPort, transport: 'udp' },
  });
  const mac = '000413a1b2c3';
  await api.createPhone({ body: { mac, vendor: 'Snom', model: 'D785', lines: [{ line: 1, accountId: account.id }] } });
  const registeredUa = async (): Promise<Baresip> => {
    const ua = await Baresip.start({ user: UA_EXT, password: 'baresip-pw', sipPort: lab!.sipPort, localPort: await freeUdpPort() });
    try {
      await until('baresip registered', 15_000, async () => {
        const r = await api.pbxRegistrations();
        return r.contacts.some((c) => c.endpoint === UA_EXT) ? true : undefined;
      });
      return ua;
    } catch (error) {
      await ua.stop();
      throw new Error(`${(error as Error).message}; baresip said: ${ua.text.slice(-3000)}`, { cause: error });
    }
  };
  // Once in a while baresip stalls at start (nothing after its banner, no REGISTER sent): one more start.
  const ua = await registeredUa().catch(() => registeredUa());
  try {
    const r = await api.reprovisionPhone({ params: { mac }, query: { windowSeconds: 5 } });
    assert.equal(r.event, 'check-sync;reboot=false');
    await until('the NOTIFY in baresip trace', 5_000, async () => (/^NOTIFY sip:/m.test(ua.text) ? true : undefined));
    assert.match(ua.text, /^Event:\s*check-sync;reboot=false\s*$/im, ua.text.slice(-2000));
  } finally {
    await ua.stop();
  }
});
