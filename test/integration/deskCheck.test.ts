/**
 * The desk check's bad input, without a PBX: ringing a phone with no account, or with no PBX link,
 * gets a clear 4xx saying what is missing and changes nothing; a bad timeout or verdict names the
 * field. The verdict is kept on the phone (across a restart) and on its timeline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { ApiError } from '../../shared/api/client';
import { enroll } from '../../electron/sim/enroll';
import { startTestBackend } from '../support/backend';

const rejectsWith = (promise: Promise<unknown>, status: number, message: RegExp) =>
  assert.rejects(promise, (e: ApiError) => {
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.status, status, e.message);
    assert.match(e.message, message);
    return true;
  });

test('ringing without an account or without a PBX link is a 4xx saying what is missing', async () => {
  const backend = await startTestBackend({ httpsPort: false });
  try {
    const api = backend.api;
    await api.createPhone({ body: { mac: '80:5E:C0:00:00:01' } });
    await rejectsWith(api.ringPhone({ params: { mac: '80:5E:C0:00:00:01' }, body: {} }), 409, /no account/);
    const [phone] = await enroll(api, { count: 1 });
    const mac = phone!.mac;
    await rejectsWith(api.ringPhone({ params: { mac }, body: {} }), 409, /No PBX link: No PBX is set up/);
    await rejectsWith(api.ringPhone({ params: { mac }, body: { timeoutSeconds: 1 } }), 400, /timeoutSeconds: ring for at least 5 s/);
    await rejectsWith(api.ringPhone({ params: { mac: '80:5E:C0:99:99:99' }, body: {} }), 404, /not found/);
    await rejectsWith(api.testCall({ params: { mac }, body: { toMac: mac } }), 400, /two different phones/);
    await rejectsWith(api.deskCheck({ params: { mac }, body: { outcome: 'maybe' as 'confirmed' } }), 400, /outcome/);
    // A raw request without a body is refused as such, not crashed on.
    const raw = await fetch(`${backend.adminUrl}/api/v1/phones/${mac}/ring`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${backend.adminToken}` },
    });
    assert.equal(raw.status, 415);
    const unchanged = await api.getPhone({ params: { mac } });
    assert.equal(unchanged.deskCheck, undefined, 'nothing was recorded');
  } finally {
    await backend.cleanup();
  }
});

test('the desk-check verdict goes on the phone and its timeline, and survives a restart', async () => {
  let backend = await startTestBackend({ httpsPort: false });
  const dataDir = backend.dataDir;
  try {
    const [phone] = await enroll(backend.api, { count: 1 });
    const mac = phone!.mac;
    const before = await backend.api.getPhone({ params: { mac } });
    const view = await backend.api.deskCheck({ params: { mac }, body: { outcome: 'wrong-desk', note: '  rang on desk 16 ' } });
    assert.equal(view.deskCheck?.outcome, 'wrong-desk');
    assert.equal(view.deskCheck?.note, 'rang on desk 16');
    assert.equal(view.revision, before.revision, 'the files the phone gets are unchanged');
    const timeline = await backend.api.timeline({ params: { mac } });
    assert.deepEqual(timeline.at(-1)?.detail, { deskCheck: 'wrong-desk', note: 'rang on desk 16' });
    assert.equal(timeline.at(-1)?.outcome, 'info');
    await backend.stop();
    backend = await startTestBackend({ dataDir, httpsPort: false });
    const after = await backend.api.getPhone({ params: { mac } });
    assert.deepEqual(after.deskCheck, view.deskCheck);
    const confirmed = await backend.api.deskCheck({ params: { mac }, body: { outcome: 'confirmed' } });
    assert.equal(confirmed.deskCheck?.outcome, 'confirmed');
    assert.equal(confirmed.deskCheck?.note, undefined);
  } finally {
    await backend.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
