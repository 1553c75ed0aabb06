/**
 * A re-provision that cannot be sent is an error with the status docs/API.md gives it, and an
 * event on the phone's timeline: 503 with no PBX set up, 502 while the link to the PBX is down,
 * 404 for an unknown phone, 400 for a bad window; the bulk route fails as a whole without a PBX.
 * (The PBX refusing the NOTIFY, 409 for a phone not registered, and the full loop are in
 * test/lab/reprovision.test.ts, against the real Asterisk.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { ApiError } from '../../shared/api/client';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
const MAC = '805ec0445566';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.catch((error: unknown) => error);
  assert.ok(e instanceof ApiError, `expected an API error, got ${String(e)}`);
  return e;
}

before(async () => {
  backend = await startTestBackend({ httpsPort: false });
  const account = await backend.api.createAccount({
    body: { userName: '2001', password: 'pw-2001', serverHost: '127.0.0.1', transport: 'udp' },
  });
  await backend.api.createPhone({ body: { mac: MAC, vendor: 'Yealink', lines: [{ line: 1, accountId: account.id }] } });
});

after(async () => {
  await backend.cleanup();
});

test('no PBX set up: 503 unavailable, with what to do, and a timeline event', async () => {
  const api = backend.api;
  const e = await failure(api.reprovisionPhone({ params: { mac: MAC }, query: {} }));
  assert.deepEqual([e.status, e.body.code], [503, 'unavailable']);
  assert.match(e.body.hint ?? '', /AMI host/);
  const last = (await api.timeline({ params: { mac: MAC } })).at(-1);
  assert.equal(last?.detail?.['reprovision'], 'failed');
  assert.equal(last?.detail?.['code'], 'unavailable');
  assert.match(last?.reason ?? '', /^Re-provision not sent: No PBX is set up/);
  const bulk = await failure(api.reprovisionPhones({ body: { macs: [MAC] } }));
  assert.equal(bulk.status, 503);
});

test('the link to the PBX is down: 502 pbx_unreachable saying why', async () => {
  const api = backend.api;
  await api.updateSettings({
    body: { pbx: { amiHost: '127.0.0.1', amiPort: await closedPort(), amiUser: 'dp', amiSecret: 'not-used-1' } },
  });
  const e = await failure(api.reprovisionPhone({ params: { mac: MAC }, query: { reboot: 'true' } }));
  assert.deepEqual([e.status, e.body.code], [502, 'pbx_unreachable']);
  assert.match(e.body.message, /not connected to the PBX/);
  const last = (await api.timeline({ params: { mac: MAC } })).at(-1);
  assert.deepEqual([last?.detail?.['reprovision'], last?.detail?.['event']], ['failed', 'check-sync;reboot=true']);
});

test('bad input changes nothing: unknown phone 404, a window out of range 400', async () => {
  const api = backend.api;
  assert.equal((await failure(api.reprovisionPhone({ params: { mac: '805ec0000001' }, query: {} }))).status, 404);
  const bad = await failure(api.reprovisionPhone({ params: { mac: MAC }, query: { windowSeconds: 1 } }));
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /windowSeconds/);
  const before = (await api.timeline({ params: { mac: MAC } })).length;
  await failure(api.reprovisionPhones({ body: { macs: [], windowSeconds: 30 } }));
  assert.equal((await api.timeline({ params: { mac: MAC } })).length, before);
  assert.deepEqual(await api.listReprovisions(), []);
});
