import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { enroll } from '../../electron/sim/enroll';
import { startTestBackend, type TestBackend } from '../support/backend';
import type { PhoneIdentity } from '../../electron/sim/virtualPhone';

let backend: TestBackend;
let phone: PhoneIdentity;
let provisioningUrl: string;

before(async () => {
  backend = await startTestBackend();
  [phone] = (await enroll(backend.api, { count: 1 })) as [PhoneIdentity];
  provisioningUrl = (await backend.api.getPhone({ params: { mac: phone.mac } })).provisioningUrl;
});
after(async () => {
  await backend.cleanup();
});

interface Answer {
  status: number;
  body: string;
  json: { error?: { code: string; message: string } } | null;
}

/** A raw HTTP request, so tests can send what fetch would refuse to (bad Host, raw paths). */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; path?: string } = {},
): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: options.method ?? 'GET',
        path: options.path ?? u.pathname + u.search,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json = null;
          try {
            json = JSON.parse(body);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body, json });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function assertClientError(answer: Answer, status: number, code?: string) {
  assert.equal(answer.status, status, answer.body.slice(0, 200));
  assert.ok(answer.json?.error?.message, `a JSON reason: ${answer.body.slice(0, 200)}`);
  if (code) assert.equal(answer.json?.error?.code, code);
  assert.doesNotMatch(answer.body, /account\.\d+\.password|#!version/, 'no configuration served');
  assert.doesNotMatch(answer.body, /\/p\/[A-Za-z0-9_-]{20,}\//, 'no provisioning URL leaked');
}

const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

test('RPS: missing, malformed and mistyped fields get a 400 with the reason', async () => {
  assertClientError(await raw(backend.rpsUrl, json({ serial: 'x' })), 400, 'validation_failed');
  assertClientError(await raw(backend.rpsUrl, json({ mac: 'not-a-mac', serial: 'x' })), 400, 'validation_failed');
  assertClientError(await raw(backend.rpsUrl, json({ mac: phone.mac })), 400, 'validation_failed');
  assertClientError(await raw(backend.rpsUrl, json({ mac: 42, serial: ['x'] })), 400, 'validation_failed');
  assertClientError(await raw(`${backend.rpsUrl}?mac=80:5E:C0:00:00&serial=1`), 400, 'validation_failed');
  assertClientError(
    await raw(backend.rpsUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"mac":' }),
    400,
    'bad_request',
  );
  const badMac = await raw(backend.rpsUrl, json({ mac: 'zz:zz', serial: 'x' }));
  assert.match(badMac.json?.error?.message ?? '', /not a MAC address/);
});

test('RPS: wrong content type is 415, an oversized body 413', async () => {
  assertClientError(
    await raw(backend.rpsUrl, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'mac=1' }),
    415,
    'unsupported_media_type',
  );
  assertClientError(await raw(backend.rpsUrl, { method: 'POST', body: 'x' }), 415, 'unsupported_media_type');
  const big = JSON.stringify({ mac: phone.mac, serial: 'x'.repeat(100_000) });
  assertClientError(
    await raw(backend.rpsUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big }),
    413,
    'payload_too_large',
  );
});

test('RPS: a device not added yet is told so and recorded as called in', async () => {
  const answer = await raw(backend.rpsUrl, json({ mac: '00:15:65:12:34:56', serial: 'NEW1', model: 'T48U', firmware: '108.1' }));
  assertClientError(answer, 404, 'not_assigned');
  const device = (await backend.api.inventory()).find((d) => d.mac === '001565123456');
  assert.ok(device, 'the caller is in the inventory');
  assert.equal(device.calledIn, true);
  assert.equal(device.model, 'T48U');
  assert.equal(device.serial, 'NEW1');
  assert.equal(device.ip, '127.0.0.1');
});

test('RPS: a known MAC with the wrong serial is refused, learns nothing, and the refusal is on its timeline', async () => {
  const answer = await raw(backend.rpsUrl, json({ mac: phone.mac, serial: 'WRONG' }));
  assertClientError(answer, 403, 'identity_mismatch');
  assert.doesNotMatch(answer.body, /serial|assigned/i, 'the refusal does not say why');
  const timeline = await backend.api.timeline({ params: { mac: phone.mac } });
  assert.match(timeline.at(-1)?.reason ?? '', /serial number does not match/);
});

test('RPS: a phone added but with no account yet is told it is not assigned', async () => {
  await backend.api.createPhone({ body: { mac: '0004f2aabbcc', serial: 'P1' } });
  assertClientError(await raw(backend.rpsUrl, json({ mac: '0004f2aabbcc', serial: 'P1' })), 404, 'not_assigned');
});

test('provisioning: unknown, mistyped and malformed tokens get nothing', async () => {
  const token = provisioningUrl.split('/p/')[1]?.replace(/\/$/, '') ?? '';
  const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
  const base = backend.deviceBaseUrl;
  assertClientError(await raw(`${base}/p/${flipped}/ACC.cfg`), 404, 'not_found');
  assertClientError(await raw(`${base}/p/short/ACC.cfg`), 404, 'not_found');
  assertClientError(await raw(`${base}/p/${'x'.repeat(300)}/ACC.cfg`), 404, 'not_found');
  assertClientError(await raw(`${base}/p/${token}/ACC.cfg`, { path: `/p/${token.toLowerCase()}/ACC.cfg` }), 404);
  // A MAC alone serves nothing.
  assertClientError(await raw(`${base}/${phone.mac}.cfg`), 404, 'not_found');
  assertClientError(await raw(`${base}/p/${phone.mac}/ACC.cfg`), 404, 'not_found');
  assertClientError(await raw(`${base}/ACC.cfg`), 404, 'not_found');
});

test('provisioning: path traversal and unknown file names are refused', async () => {
  const token = provisioningUrl.split('/p/')[1]?.replace(/\/$/, '') ?? '';
  const base = backend.deviceBaseUrl;
  for (const path of [
    `/p/${token}/..%2f..%2fstore.json`,
    `/p/${token}/../../store.json`,
    `/p/${token}/%2e%2e/store.json`,
    `/p/${token}/.hidden`,
    `/p/${token}/store.json`,
    `/p/${token}/ACC.cfg%00.txt`,
    `/p/..%2f${token}/ACC.cfg`,
  ]) {
    const answer = await raw(base, { path });
    assert.ok(answer.status === 404 || answer.status === 400, `${path}: ${answer.status}`);
    assert.doesNotMatch(answer.body, /password|schemaVersion/, path);
  }
});

test('admin API: no token, a wrong token, a foreign Host or Origin are refused', async () => {
  const url = `${backend.adminUrl}/api/v1/phones`;
  assertClientError(await raw(url), 401, 'unauthorized');
  assertClientError(await raw(url, { headers: { Authorization: 'Bearer nope' } }), 401, 'unauthorized');
  const auth = { Authorization: `Bearer ${backend.adminToken}` };
  assertClientError(await raw(url, { headers: { ...auth, Host: 'evil.example:80' } }), 403, 'forbidden');
  assertClientError(await raw(url, { headers: { ...auth, Origin: 'http://evil.example' } }), 403, 'forbidden');
  assert.equal((await raw(url, { headers: auth })).status, 200);
});

test('admin API: invalid bodies get a 400 naming the field, and change nothing', async () => {
  const before = await backend.api.listPhones();
  const auth = { Authorization: `Bearer ${backend.adminToken}`, 'Content-Type': 'application/json' };
  const post = (path: string, body: unknown) =>
    raw(`${backend.adminUrl}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  const answer = await post('/api/v1/phones', { mac: 'nope' });
  assertClientError(answer, 400, 'validation_failed');
  assert.match(answer.body, /mac/);
  assertClientError(await post('/api/v1/phones', { mac: '805ec0999999', buttons: [{ key: 1, type: 'blf' }] }), 400, 'validation_failed');
  assertClientError(
    await post('/api/v1/phones', { mac: '805ec0999998', lines: [{ line: 1, accountId: 'missing' }] }),
    400,
    'validation_failed',
  );
  assertClientError(await post('/api/v1/accounts', { userName: 'a b', password: '', serverHost: 'x' }), 400, 'validation_failed');
  assertClientError(
    await post('/api/v1/accounts', { userName: 'a', password: 'p\naccount.2.enable = 1', serverHost: 'x' }),
    400,
    'validation_failed',
  );
  assertClientError(
    await raw(`${backend.adminUrl}/api/v1/phones`, {
      method: 'POST',
      headers: { Authorization: auth.Authorization, 'Content-Type': 'text/plain' },
      body: 'x',
    }),
    415,
    'unsupported_media_type',
  );
  assertClientError(await post('/api/v1/phones', { mac: phone.mac }), 409, 'conflict');
  const after = await backend.api.listPhones();
  assert.equal(after.length, before.length);
});

test('malformed HTTP gets a 400 and the server stays up', async () => {
  const { connect } = await import('node:net');
  const u = new URL(backend.deviceBaseUrl);
  const reply = await new Promise<string>((resolve) => {
    const socket = connect(Number(u.port), u.hostname, () => socket.write('GARBAGE \x00\x01 HTTP/9\r\n\r\n'));
    let data = '';
    socket.on('data', (c) => (data += c.toString()));
    socket.on('close', () => resolve(data));
  });
  assert.match(reply, /^HTTP\/1\.1 400/);
  const ok = await raw(backend.rpsUrl, json({ mac: phone.mac, serial: phone.serial }));
  assert.equal(ok.status, 200);
  assert.ok(ok.json && 'provisioningUrl' in ok.json);
});
