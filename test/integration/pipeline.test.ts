/**
 * The device pipeline answers a DeviceRequest without any HTTP in it (the listeners only translate),
 * and the device listener takes extra routers (firmware files) behind its door.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { createDeviceApp } from '../../electron/backend/device/app';
import { serve } from '../../electron/backend/pipeline/pipeline';
import type { DeviceRequest } from '../../electron/backend/pipeline/request';
import { enroll } from '../../electron/sim/enroll';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
let token: string;
let mac: string;

before(async () => {
  backend = await startTestBackend({ httpsPort: false });
  const [id] = await enroll(backend.api, { count: 1, start: 900 });
  assert.ok(id);
  mac = id.mac;
  token = (await backend.api.getPhone({ params: { mac } })).token;
});
after(async () => {
  await backend.cleanup();
});

const request = (ask: DeviceRequest['ask']): DeviceRequest => ({
  caller: { ip: '127.0.0.1', userAgent: 'Yealink SIP-T46U 108.86.0.20', tls: false },
  method: 'GET',
  url: '/',
  path: '/',
  ask,
});

test('a file request in, {status, headers, body} out, with its steps recorded once', async () => {
  const answer = await serve(backend.ctx, request({ kind: 'file', token, file: 'ACC.cfg' }));
  assert.equal(answer.status, 200);
  assert.equal(answer.headers['Cache-Control'], 'no-store');
  assert.match(answer.body.toString('utf8'), /account\.1\./);
  const timeline = await backend.api.timeline({ params: { mac } });
  assert.deepEqual(
    timeline.filter((e) => e.file === 'ACC.cfg').map((e) => [e.step, e.outcome]),
    [[6, 'ok']],
    'one event for the exchange: the served file marks its request',
  );
});

test('refusals come back as answers with the JSON error body, not as exceptions', async () => {
  const unknown = await serve(backend.ctx, request({ kind: 'file', token: 'x'.repeat(30), file: 'ACC.cfg' }));
  assert.equal(unknown.status, 404);
  assert.equal(JSON.parse(unknown.body.toString('utf8')).error.code, 'not_found');
  const badRps = await serve(backend.ctx, request({ kind: 'rps', input: { mac: 'nope' }, plainText: false }));
  assert.equal(badRps.status, 400);
  assert.equal(JSON.parse(badRps.body.toString('utf8')).error.code, 'validation_failed');
});

test('extra routers are mounted behind the door: an address outside the allow-list never reaches them', async () => {
  let reached = 0;
  const firmware = Router().get('/fw/:file', (_req, res) => {
    reached++;
    res.type('application/octet-stream').send(Buffer.from('firmware'));
  });
  const server: Server = createServer(createDeviceApp(backend.ctx, { routers: [firmware] }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const ok = await fetch(`${base}/fw/t46u.rom`);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'firmware');
    await backend.api.updateSettings({ body: { security: { allowedSubnets: ['10.99.0.0/16'] } } });
    const refused = await fetch(`${base}/fw/t46u.rom`);
    assert.equal(refused.status, 403);
    await refused.arrayBuffer();
    assert.equal(reached, 1, 'the refused request never reached the router');
  } finally {
    await backend.api.updateSettings({ body: { security: { allowedSubnets: [] } } });
    await new Promise((r) => server.close(r));
  }
});

test("the lock's extension point: a locked phone's secret file is refused unless lockWaived lets this caller through", async () => {
  const phone = backend.ctx.store.state.phones.get(mac);
  assert.ok(phone);
  await backend.ctx.store.commit([{ op: 'putPhone', phone: { ...phone, lockedAt: new Date().toISOString() } }]);
  const security = backend.ctx.services.security;
  const fetchAcc = () => serve(backend.ctx, request({ kind: 'file', token, file: 'ACC.cfg' }));
  try {
    assert.equal((await fetchAcc()).status, 403, 'locked');
    security.lockWaived = (p, caller) => p.mac === mac && caller.ip === '127.0.0.1';
    assert.equal((await fetchAcc()).status, 200, 'let through by the hook');
  } finally {
    security.lockWaived = () => false;
    await backend.api.reopenPhone({ params: { mac } });
  }
  assert.equal((await fetchAcc()).status, 200, 're-opened');
});
