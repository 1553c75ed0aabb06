/**
 * `GET /p/<token>/<file>` with nothing to decode and `POST /rps/v1/lookup` with a JSON body of a
 * declared length are answered without Express (electron/backend/device/hotRoutes.ts); the same
 * file with a query string, and the same RPS body sent chunked, take the Express routes. Both
 * must give the same answer: the same file or redirect, the same refusals.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { enroll } from '../../electron/sim/enroll';
import { userAgentOf } from '../../electron/sim/virtualPhone';
import { bootFileName } from '../../shared/dialects/default';
import { formatMac } from '../../shared/mac';
import { RPS_PATH } from '../../shared/rps/protocol';
import { startTestBackend } from '../support/backend';

const backend = await startTestBackend({ httpsPort: false });
after(async () => {
  await backend.cleanup();
});

async function answer(url: string, userAgent: string) {
  const res = await fetch(url, { headers: { 'User-Agent': userAgent } });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

test('a file, an unknown token and an unknown file get the same answer on the hot route and through Express', async () => {
  const [phone] = await enroll(backend.api, { count: 1, start: 900 });
  assert.ok(phone);
  const base = (await backend.api.getPhone({ params: { mac: phone.mac } })).provisioningUrl;
  const boot = bootFileName(phone.mac);
  const ua = userAgentOf(phone);
  const unknownToken = base.replace(/\/p\/[^/]+\//, '/p/not-a-token/');
  for (const url of [base + boot, unknownToken + boot, base + 'no-such-file.cfg']) {
    const hot = await answer(url, ua);
    const routed = await answer(url + '?via=express', ua);
    assert.deepEqual(routed, hot, url);
  }
  const served = await answer(base + boot, ua);
  assert.equal(served.status, 200);
  assert.match(served.body, /ACC\.cfg|\.cfg/);
  assert.equal((await answer(unknownToken + boot, ua)).status, 404);
});

/** POSTs `body` to the RPS, with its length declared (the hot route) or chunked (Express). */
function postRps(rpsBase: string, body: string, chunked: boolean, userAgent: string) {
  const u = new URL(RPS_PATH, rpsBase);
  return new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': userAgent };
    if (!chunked) headers['Content-Length'] = String(Buffer.byteLength(body));
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('the RPS answers a JSON body the same on the hot route and through Express: a redirect, bad JSON, a bad field', async () => {
  const [phone] = await enroll(backend.api, { count: 1, start: 901 });
  assert.ok(phone);
  const ua = userAgentOf(phone);
  const good = JSON.stringify({ mac: formatMac(phone.mac), serial: phone.serial, model: phone.model, vendor: phone.vendor });
  const bodies = [good, '{"mac": ', '"just a string"', JSON.stringify({ mac: formatMac(phone.mac) }), ' \t{"mac":"zz"}'];
  for (const body of bodies) {
    const hot = await postRps(backend.rpsUrl, body, false, ua);
    const routed = await postRps(backend.rpsUrl, body, true, ua);
    assert.deepEqual(routed, hot, body);
  }
  const redirect = await postRps(backend.rpsUrl, good, false, ua);
  assert.equal(redirect.status, 200);
  assert.match(redirect.body, /"provisioningUrl"/);
  const bad = await postRps(backend.rpsUrl, '{"mac": ', false, ua);
  assert.equal(bad.status, 400);
  assert.match(bad.body, /not valid JSON/);
});
