/**
 * Phones that call in without a usable MAC still feed discovery: a bad RPS body, a file name at
 * the server root, an unknown token. The MAC comes from the User-Agent (the neighbour-table path
 * is covered in test/lab/callers.test.ts). The answer to the device is unchanged, a flood is noted
 * once per address, and the door still turns away who it turned away. Each case calls from its own
 * loopback address (127.0.0.x), since notes are bounded per address.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { RPS_PATH } from '../../shared/rps/protocol';
import type { Device } from '../../shared/domain/inventory';
import { startTestBackend, type TestBackend } from '../support/backend';

let app: TestBackend;
let port: number;

before(async () => {
  app = await startTestBackend();
  port = Number(new URL(app.rpsUrl).port);
});
after(() => app.cleanup());

interface Sent {
  from: string;
  method?: string;
  path: string;
  userAgent?: string;
  contentType?: string;
  body?: string;
}

function send(r: Sent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (r.userAgent) headers['user-agent'] = r.userAgent;
    if (r.contentType) headers['content-type'] = r.contentType;
    const req = request(
      { host: '127.0.0.1', port, localAddress: r.from, method: r.method ?? 'GET', path: r.path, headers, agent: false },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

/**
 * A note is queued with setImmediate before the answer is written (noteCallerLater), and for a
 * loopback caller it records without waiting on anything: one turn of the loop after the answer
 * came back, every note of that request has run. (The backend runs in this process.)
 */
const notesRun = () => new Promise((r) => setImmediate(r));

/** The inventory entry of `mac`, once its sighting is recorded: woken by the bus's device events, not a poll. */
async function device(mac: string, ms = 3000): Promise<Device> {
  let changed: () => void = () => undefined;
  const off = app.ctx.bus.subscribe((e) => {
    if (e.type === 'device' && e.device.mac === mac) changed();
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no inventory entry for ${mac}`)), ms);
  });
  try {
    for (;;) {
      const next = new Promise<void>((r) => (changed = r));
      const found = (await app.api.inventory()).find((d) => d.mac === mac);
      if (found) return found;
      await Promise.race([next, deadline]);
    }
  } finally {
    clearTimeout(timer);
    off();
  }
}

test('a bad RPS body whose User-Agent carries a MAC: the same 400, and an inventory sighting from source "rps"', async () => {
  const bad = { method: 'POST', path: RPS_PATH, contentType: 'application/json', body: JSON.stringify({ mac: 'not-a-mac' }) };
  const plain = await send({ ...bad, from: '127.0.0.2' });
  const withAgent = await send({ ...bad, from: '127.0.0.3', userAgent: 'Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:bb:01' });
  assert.equal(withAgent.status, 400);
  assert.deepEqual(withAgent, plain, 'the answer does not depend on the note');
  const d = await device('805ec0aabb01');
  assert.equal(d.ip, '127.0.0.3');
  assert.ok(d.sources.rps, 'seen by the RPS');
  assert.deepEqual([d.vendor, d.model, d.firmware, d.calledIn, d.isPhone], ['Yealink', 'T46U', '108.86.0.20', true, true]);
  assert.equal(d.userAgent, 'Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:bb:01');
});

test('an RPS body that never reaches the schema (not JSON, wrong type) is noted too', async () => {
  const broken = await send({
    from: '127.0.0.4',
    method: 'POST',
    path: RPS_PATH,
    contentType: 'application/json',
    body: '{"mac":',
    userAgent: 'Fanvil X5U-V2 2.12.1 0c383e112201',
  });
  assert.equal(broken.status, 400);
  const wrongType = await send({
    from: '127.0.0.5',
    method: 'POST',
    path: RPS_PATH,
    contentType: 'text/plain',
    body: 'mac=0c383e112202',
    userAgent: 'Fanvil X5U-V2 2.12.1 0c383e112202',
  });
  assert.equal(wrongType.status, 415);
  for (const mac of ['0c383e112201', '0c383e112202']) {
    const d = await device(mac);
    assert.deepEqual([d.vendor, Boolean(d.sources.rps)], ['Fanvil', true]);
  }
});

test('a file asked for at the server root, or under an unknown token: a sighting from source "provisioning", still a 404', async () => {
  const root = await send({ from: '127.0.0.6', path: '/y000000000028.cfg', userAgent: 'Yealink SIP-T54W 96.86.0.100 24:9a:d8:00:00:01' });
  assert.equal(root.status, 404);
  const unknownToken = await send({
    from: '127.0.0.7',
    path: `/p/${'x'.repeat(32)}/MAC.cfg`,
    userAgent: 'Mozilla/4.0 (compatible; Snom M900 05.20.0001 000413b60601)',
  });
  assert.equal(unknownToken.status, 404);
  const yealink = await device('249ad8000001');
  assert.ok(yealink.sources.provisioning);
  assert.equal(yealink.model, 'T54W');
  const snom = await device('000413b60601');
  assert.ok(snom.sources.provisioning);
  assert.equal(snom.vendor, 'Snom');
});

test('a flood of bad requests from one address is noted once per window; nothing without a MAC is invented', async () => {
  const notes = app.ctx.services.callers;
  const before = { admitted: notes.admitted, dropped: notes.dropped, lookups: notes.lookups };
  const statuses = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const r = await send({
      from: '127.0.0.8',
      method: 'POST',
      path: RPS_PATH,
      contentType: 'application/json',
      body: '{}',
      userAgent: `Yealink SIP-T46U 108.86.0.20 80:5e:c0:cc:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
    });
    statuses.add(r.status);
  }
  assert.deepEqual([...statuses], [400]);
  assert.equal(notes.admitted - before.admitted, 1);
  assert.equal(notes.dropped - before.dropped, 199);
  assert.equal(notes.lookups, before.lookups, 'loopback callers are never looked up in the neighbour table');
  await device('805ec0cc0000');
  const flood = (await app.api.inventory()).filter((d) => d.mac.startsWith('805ec0cc'));
  assert.equal(flood.length, 1, 'one sighting, not 200');
  // A caller without a MAC in its User-Agent, on loopback (no neighbour table): nothing recorded.
  const count = (await app.api.inventory()).length;
  await send({ from: '127.0.0.9', method: 'POST', path: RPS_PATH, contentType: 'application/json', body: '{}', userAgent: 'curl/8.0' });
  await notesRun();
  assert.equal((await app.api.inventory()).length, count);
});

test('the door is unchanged: an address outside the allow-list gets its 403 and is not noted', async () => {
  await app.api.updateSettings({ body: { security: { allowedSubnets: ['127.0.0.1/32', '127.0.0.2/31'] } } });
  try {
    const notes = app.ctx.services.callers;
    const admitted = notes.admitted;
    const r = await send({
      from: '127.0.0.10',
      method: 'POST',
      path: RPS_PATH,
      contentType: 'application/json',
      body: '{}',
      userAgent: 'Yealink SIP-T46U 108.86.0.20 80:5e:c0:dd:00:01',
    });
    assert.equal(r.status, 403);
    await notesRun();
    assert.equal(notes.admitted, admitted);
    assert.equal(
      (await app.api.inventory()).find((d) => d.mac === '805ec0dd0001'),
      undefined,
    );
  } finally {
    await app.api.updateSettings({ body: { security: { allowedSubnets: [] } } });
  }
});
