/**
 * A phone added without a serial does not go to whoever asks first: the first caller is held as
 * "waiting for approval" (RPS and plug-and-play alike) with its address, serial and User-Agent on
 * the phone view; the technician approves (its serial goes on record) or rejects it (refused from
 * then on); a site listed in trustFirstSerialSites takes the first serial as before.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../shared/api/client';
import { answerPnp } from '../../electron/backend/pnp/pnpAnswer';
import { enroll } from '../../electron/sim/enroll';
import { buildPnpSubscribe, readPnpSubscribe } from '../../shared/discovery/pnp';
import type { Mac } from '../../shared/mac';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
let start = 700;

before(async () => {
  backend = await startTestBackend({ httpsPort: false });
});
after(async () => {
  await backend.cleanup();
});

/** An enrolled phone (account on line 1) whose serial was then cleared, as when added without one. */
async function phoneWithoutSerial(site = ''): Promise<Mac> {
  const [id] = await enroll(backend.api, { count: 1, start: start++ });
  assert.ok(id);
  await backend.api.updatePhone({ params: { mac: id.mac }, body: { serial: '', site } });
  return id.mac;
}

async function rps(mac: string, serial: string, userAgent = 'Yealink SIP-T46U 108.86.0.20 00:15:65:aa:bb:cc') {
  const res = await fetch(backend.rpsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({ mac, serial, model: 'T46U' }),
  });
  return { status: res.status, body: (await res.json()) as { provisioningUrl?: string; error?: { code: string; message: string } } };
}

test('the first caller of a phone without a serial waits for approval, and the technician sees who it is', async () => {
  const mac = await phoneWithoutSerial();
  const first = await rps(mac, 'SN-FIRST-1');
  assert.equal(first.status, 403);
  assert.equal(first.body.provisioningUrl, undefined, 'no URL while waiting');
  assert.match(first.body.error?.message ?? '', /waiting for approval/);

  const view = await backend.api.getPhone({ params: { mac } });
  assert.equal(view.serial, '', 'nothing learned before approval');
  assert.equal(view.pendingCaller?.ip, '127.0.0.1');
  assert.equal(view.pendingCaller?.serial, 'SN-FIRST-1');
  assert.match(view.pendingCaller?.userAgent ?? '', /^Yealink SIP-T46U/);
  assert.equal(view.pendingCaller?.via, 'rps');

  // Asking again changes nothing on record (no write per retry) and is still refused.
  assert.equal((await rps(mac, 'SN-FIRST-1')).status, 403);
  assert.equal((await backend.api.getPhone({ params: { mac } })).pendingCaller?.at, view.pendingCaller?.at);

  const timeline = await backend.api.timeline({ params: { mac } });
  assert.ok(timeline.some((e) => e.step === 2 && e.outcome === 'failed' && /Waiting for approval/.test(e.reason ?? '')));
  const audit = await backend.api.auditLog({ query: { mac, limit: 20 } });
  assert.ok(audit.some((e) => e.reason === 'awaiting_approval' && e.outcome === 'refused'));
});

test('approved: the serial goes on record, the phone gets its URL, and another serial is refused', async () => {
  const mac = await phoneWithoutSerial();
  assert.equal((await rps(mac, 'SN-OK-2')).status, 403);
  const approved = await backend.api.approveCaller({ params: { mac } });
  assert.equal(approved.serial, 'SN-OK-2');
  assert.ok(approved.approvedAt);
  assert.equal(approved.pendingCaller, undefined);

  const served = await rps(mac, 'SN-OK-2');
  assert.equal(served.status, 200);
  assert.match(served.body.provisioningUrl ?? '', /\/p\/[A-Za-z0-9_-]+\/$/);
  assert.equal((await rps(mac, 'SN-OTHER')).status, 403, 'the serial check now applies');
  const timeline = await backend.api.timeline({ params: { mac } });
  assert.ok(timeline.some((e) => e.step === 2 && e.outcome === 'info' && e.detail?.['action'] === 'approved'));
});

test('rejected: that caller is refused from then on without being held again', async () => {
  const mac = await phoneWithoutSerial();
  assert.equal((await rps(mac, 'SN-BAD-3')).status, 403);
  const rejected = await backend.api.rejectCaller({ params: { mac } });
  assert.equal(rejected.pendingCaller, undefined);
  assert.deepEqual(
    rejected.rejectedCallers?.map((r) => r.serial),
    ['SN-BAD-3'],
  );
  const again = await rps(mac, 'SN-BAD-3');
  assert.equal(again.status, 403);
  assert.match(again.body.error?.message ?? '', /refused/);
  assert.equal((await backend.api.getPhone({ params: { mac } })).pendingCaller, undefined, 'not held again');
  const audit = await backend.api.auditLog({ query: { mac, limit: 20 } });
  assert.ok(audit.some((e) => e.reason === 'rejected_caller'));
});

test('approve or reject with nobody waiting is a 409 that changes nothing', async () => {
  const mac = await phoneWithoutSerial();
  for (const call of [backend.api.approveCaller, backend.api.rejectCaller]) {
    await assert.rejects(
      () => call({ params: { mac } }),
      (e: unknown) => e instanceof ApiError && e.status === 409,
    );
  }
  assert.equal((await backend.api.getPhone({ params: { mac } })).approvedAt, undefined);
});

test('plug-and-play follows the same rule: no URL until approved', async () => {
  const mac = await phoneWithoutSerial();
  const text = buildPnpSubscribe({ mac, vendor: 'Yealink', model: 'T46U', firmware: '108.86.0.20' }, '127.0.0.1', 5060, {
    callId: 'approval-1',
    tag: 't1',
    branch: 'b1',
  });
  const sub = readPnpSubscribe(text);
  assert.ok(sub);
  assert.equal(await answerPnp(backend.ctx, sub, { address: '127.0.0.1', port: 5060 }), null);
  const view = await backend.api.getPhone({ params: { mac } });
  assert.equal(view.pendingCaller?.via, 'pnp');
  assert.equal(view.pendingCaller?.serial, '');
  await backend.api.approveCaller({ params: { mac } });
  assert.match((await answerPnp(backend.ctx, sub, { address: '127.0.0.1', port: 5060 })) ?? '', /\/p\/[A-Za-z0-9_-]+\/$/);
});

test('a site that trusts the first serial takes it at once, as before (off by default)', async () => {
  assert.deepEqual((await backend.api.getSettings()).security.trustFirstSerialSites, []);
  await backend.api.updateSettings({ body: { security: { trustFirstSerialSites: ['Lab'] } } });
  try {
    const mac = await phoneWithoutSerial('Lab');
    assert.equal((await rps(mac, 'SN-LAB-4')).status, 200);
    assert.equal((await backend.api.getPhone({ params: { mac } })).serial, 'SN-LAB-4');
    const other = await phoneWithoutSerial('Office');
    assert.equal((await rps(other, 'SN-OFFICE-5')).status, 403, 'other sites still wait for approval');
  } finally {
    await backend.api.updateSettings({ body: { security: { trustFirstSerialSites: [] } } });
  }
});
