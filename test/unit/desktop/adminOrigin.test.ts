/**
 * The admin listener's Origin check with the desktop app's page origin (app://deskphone): that
 * origin and only it gets in, with CORS headers and an answered preflight; 'null' and look-alikes
 * stay out; a backend started without the option (headless) refuses it too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP_APP_ORIGIN } from '../../../shared/api/bridge';
import { startTestBackend } from '../../support/backend';

async function call(url: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(url, init);
  const body = await res.text();
  return { status: res.status, headers: res.headers, body };
}

test('the desktop page\u2019s origin is let in with CORS; other origins are not', async () => {
  const b = await startTestBackend({ appOrigins: [DESKTOP_APP_ORIGIN] });
  try {
    const url = `${b.adminUrl}/api/v1/info`;
    const auth = { Authorization: `Bearer ${b.adminToken}` };

    const ok = await call(url, { headers: { ...auth, Origin: DESKTOP_APP_ORIGIN } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), DESKTOP_APP_ORIGIN);
    assert.match(ok.headers.get('vary') ?? '', /Origin/);

    const noToken = await call(url, { headers: { Origin: DESKTOP_APP_ORIGIN } });
    assert.equal(noToken.status, 401, 'the origin is not a substitute for the token');
    assert.equal(noToken.headers.get('access-control-allow-origin'), DESKTOP_APP_ORIGIN, 'so the page can read the error');

    for (const origin of [
      'null',
      'app://evil',
      'app://deskphone.evil',
      'APP://DESKPHONE',
      'app://deskphone:1',
      'https://example.com',
      'file://',
    ]) {
      const r = await call(url, { headers: { ...auth, Origin: origin } });
      assert.equal(r.status, 403, origin);
      assert.equal(r.headers.get('access-control-allow-origin'), null, origin);
      assert.match(r.body, /"code":"forbidden"/);
    }

    const same = await call(url, { headers: { ...auth, Origin: b.adminUrl } });
    assert.equal(same.status, 200, 'the headless page (same origin) still works');
    assert.equal(same.headers.get('access-control-allow-origin'), null);
  } finally {
    await b.cleanup();
  }
});

test('the preflight for an authorized JSON request is answered without the token, for the app origin only', async () => {
  const b = await startTestBackend({ appOrigins: [DESKTOP_APP_ORIGIN] });
  try {
    const url = `${b.adminUrl}/api/v1/phones`;
    const pre = await call(url, {
      method: 'OPTIONS',
      headers: {
        Origin: DESKTOP_APP_ORIGIN,
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'authorization, content-type',
        'Access-Control-Request-Private-Network': 'true',
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), DESKTOP_APP_ORIGIN);
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /PATCH/);
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /X-File-Name/, 'the firmware upload names its file in a header');
    assert.equal(pre.headers.get('access-control-allow-private-network'), 'true');

    const evil = await call(url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://example.com', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);

    const created = await call(url, {
      method: 'POST',
      headers: { Origin: DESKTOP_APP_ORIGIN, Authorization: `Bearer ${b.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ mac: '805ec0000001' }),
    } as never);
    assert.ok(created.status < 300, `write through CORS: ${created.status} ${created.body}`);
    assert.match(created.body, /"mac":"805ec0000001"/);
    assert.equal(created.headers.get('access-control-allow-origin'), DESKTOP_APP_ORIGIN);
  } finally {
    await b.cleanup();
  }
});

test('a backend started without the desktop origin (headless) refuses it', async () => {
  const b = await startTestBackend();
  try {
    const r = await call(`${b.adminUrl}/api/v1/info`, { headers: { Authorization: `Bearer ${b.adminToken}`, Origin: DESKTOP_APP_ORIGIN } });
    assert.equal(r.status, 403);
    const pre = await call(`${b.adminUrl}/api/v1/info`, {
      method: 'OPTIONS',
      headers: { Origin: DESKTOP_APP_ORIGIN, 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(pre.status, 403);
  } finally {
    await b.cleanup();
  }
});
