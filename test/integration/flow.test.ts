import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enroll } from '../../electron/sim/enroll';
import { runPhones } from '../../electron/sim/runner';
import { userAgentOf, VirtualPhone } from '../../electron/sim/virtualPhone';
import { startTestBackend, type TestBackend } from '../support/backend';
import type { Mac } from '../../shared/mac';

let backend: TestBackend;
before(async () => {
  backend = await startTestBackend();
});
after(async () => {
  await backend.cleanup();
});

test('200 virtual phones at once walk steps 1 to 6, and their timelines are complete in the admin API', async () => {
  const phones = await enroll(backend.api, { count: 200 });
  const summary = await runPhones(phones, { rpsUrl: backend.rpsUrl });
  const failures = summary.results.filter((r) => !r.ok).map((r) => `${r.mac}: ${r.reason}`);
  assert.deepEqual(failures, []);
  assert.equal(summary.passed, 200);

  const listed = await backend.api.listPhones();
  assert.equal(listed.length, 200);
  for (const phone of listed) {
    assert.equal(phone.flow.stage, 'configured', phone.mac);
    const timeline = await backend.api.timeline({ params: { mac: phone.mac } });
    // One event per exchange: a served file marks the request it answers (steps 3 and 5) too.
    const steps = new Set(timeline.filter((e) => e.outcome === 'ok').map((e) => e.step));
    assert.deepEqual([...steps].sort(), [1, 2, 4, 6], phone.mac);
    assert.deepEqual(
      Object.entries(phone.flow.steps).map(([step, mark]) => [Number(step), mark?.outcome]),
      [1, 2, 3, 4, 5, 6].map((step) => [step, 'ok']),
      phone.mac,
    );
    const served = timeline.filter((e) => e.step === 6).map((e) => e.file);
    assert.deepEqual(served.sort(), ['ACC.cfg', 'BTN.cfg']);
    assert.ok(timeline.every((e) => e.ip === '127.0.0.1' && e.userAgent.startsWith('Yealink')));
  }
});

test('what the virtual phone received matches what was assigned', async () => {
  const [id] = await enroll(backend.api, { count: 1, start: 500, password: () => 'S3cret-500' });
  assert.ok(id);
  const result = await new VirtualPhone(id, { rpsUrl: backend.rpsUrl }).provision();
  assert.equal(result.ok, true, result.reason);
  assert.deepEqual(
    result.config?.accounts.map((a) => ({ user: a.userName, password: a.password, line: a.line })),
    [{ user: '1500', password: 'S3cret-500', line: 1 }],
  );
  assert.deepEqual(
    result.config?.buttons.map((b) => [b.key, b.type]),
    [
      [1, 'line'],
      [2, 'blf'],
      [3, 'voicemail'],
      [4, 'park'],
    ],
  );
});

test("an edit of one phone changes that phone's files at once, and no other phone's", async () => {
  const [a, b] = await enroll(backend.api, { count: 2, start: 520 });
  assert.ok(a && b);
  for (const id of [a, b]) assert.equal((await new VirtualPhone(id, { rpsUrl: backend.rpsUrl }).provision()).ok, true);
  const urlOf = async (mac: string) => (await backend.api.getPhone({ params: { mac } })).provisioningUrl;
  const btn = async (mac: string) => (await fetch(`${await urlOf(mac)}BTN.cfg`)).text();
  const [beforeA, beforeB] = [await btn(a.mac), await btn(b.mac)];
  await backend.api.updatePhone({
    params: { mac: a.mac },
    body: { buttons: [{ key: 1, type: 'line', value: '', label: 'Line', line: 1 }] },
  });
  const [afterA, afterB] = [await btn(a.mac), await btn(b.mac)];
  assert.notEqual(afterA, beforeA, 'the edited phone gets its new button map');
  assert.doesNotMatch(afterA, /blf/i);
  assert.equal(afterB, beforeB, 'the other phone is served what it had');
});

test('a bulk edit changes the files of the phones it names, and its undo brings them back', async () => {
  const [a] = await enroll(backend.api, { count: 1, start: 530 });
  assert.ok(a);
  assert.equal((await new VirtualPhone(a, { rpsUrl: backend.rpsUrl }).provision()).ok, true);
  const btn = async () => (await fetch(`${(await backend.api.getPhone({ params: { mac: a.mac } })).provisioningUrl}BTN.cfg`)).text();
  const before = await btn();
  const { undoId } = await backend.api.bulkPhones({
    body: { macs: [a.mac], action: { kind: 'patch', patch: { buttons: [{ key: 1, type: 'line', value: '', label: 'Line', line: 1 }] } } },
  });
  const edited = await btn();
  assert.notEqual(edited, before);
  await backend.api.undo({ params: { undoId } });
  assert.equal(await btn(), before);
});

test('a hot-desk phone gets a login key and no personal account', async () => {
  const mac = '0015654aa937' as Mac;
  await backend.api.createPhone({ body: { mac, serial: 'HD1', userType: 'hotdesk', model: 'T54W' } });
  const result = await new VirtualPhone(
    { mac, serial: 'HD1', vendor: '', model: 'T54W', firmware: '1' },
    { rpsUrl: backend.rpsUrl },
  ).provision();
  assert.equal(result.ok, true, result.reason);
  assert.equal(result.config?.userType, 'hotdesk');
  assert.deepEqual(result.config?.accounts, []);
  assert.equal(result.config?.buttons[0]?.type, 'hotdesk_login');
});

test('redirect rules: first match wins, and an external target is handed out as is', async () => {
  const phones = await enroll(backend.api, { count: 2, start: 600 });
  const [a, b] = phones;
  assert.ok(a && b);
  await backend.api.updatePhone({ params: { mac: a.mac }, body: { client: 'Acme', region: 'EU' } });
  await backend.api.createRule({
    body: {
      name: 'Acme EU',
      match: { client: 'acme', region: 'EU' },
      target: { kind: 'external', url: 'https://prov.acme.example/{mac}/' },
    },
  });
  await backend.api.createRule({ body: { name: 'Everyone else', match: {}, target: { kind: 'local' } } });
  const first = await new VirtualPhone(a, { rpsUrl: backend.rpsUrl }).askRps();
  assert.equal(first.provisioningUrl, `https://prov.acme.example/${a.mac}/`);
  const second = await new VirtualPhone(b, { rpsUrl: backend.rpsUrl }).askRps();
  assert.ok(second.provisioningUrl.startsWith(backend.deviceBaseUrl + '/p/'));
  const timeline = await backend.api.timeline({ params: { mac: a.mac } });
  assert.equal(timeline.at(-1)?.detail?.['rule'], 'Acme EU');
});

test('the store keeps everything across a restart: phones, accounts and flow states', async () => {
  const before = await backend.api.listPhones();
  await backend.stop();
  backend = await startTestBackend({ dataDir: backend.dataDir });
  const afterRestart = await backend.api.listPhones();
  assert.equal(afterRestart.length, before.length);
  const stages = new Map(before.map((p) => [p.mac, p.flow.stage]));
  for (const p of afterRestart) assert.equal(p.flow.stage, stages.get(p.mac));
  // The old token still works: a phone mid-flow continues where it was.
  const phone = afterRestart.find((p) => p.flow.stage === 'configured');
  assert.ok(phone);
  const res = await fetch(phone.provisioningUrl.replace(/^http:\/\/[^/]+/, backend.deviceBaseUrl) + 'ACC.cfg');
  assert.equal(res.status, 200);
});

test('a phone fetching the same file over and over is one timeline event with a repeat count', async () => {
  const [id] = await enroll(backend.api, { count: 1, start: 700 });
  assert.ok(id);
  const result = await new VirtualPhone(id, { rpsUrl: backend.rpsUrl }).provision();
  assert.equal(result.ok, true, result.reason);
  const before = await backend.api.timeline({ params: { mac: id.mac } });
  // The phone's own User-Agent: the same request as its first ACC.cfg, a few requests later.
  const headers = { 'user-agent': userAgentOf(id) };
  for (let i = 0; i < 10; i++) assert.equal((await fetch(`${result.provisioningUrl}ACC.cfg`, { headers })).status, 200);
  const after = await backend.api.timeline({ params: { mac: id.mac } });
  assert.equal(after.length, before.length + 1, 'one served event');
  assert.equal(after.at(-1)?.detail?.['repeats'], 10);
  // The first ACC.cfg, before BTN.cfg, keeps its own count: repeats never land on an earlier event.
  const firstServed = after.find((e) => e.step === 6 && e.file === 'ACC.cfg');
  assert.ok(firstServed && firstServed !== after.at(-1));
  assert.equal(firstServed.detail?.['repeats'], undefined);
});
