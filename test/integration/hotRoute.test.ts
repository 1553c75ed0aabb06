/**
 * `GET /p/<token>/<file>` with nothing to decode is answered without Express's router
 * (electron/backend/device/app.ts); the same request with a query string takes the Express
 * route. Both must give the same answer: the same file, the same refusals.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { enroll } from '../../electron/sim/enroll';
import { userAgentOf } from '../../electron/sim/virtualPhone';
import { bootFileName } from '../../shared/dialects/default';
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
