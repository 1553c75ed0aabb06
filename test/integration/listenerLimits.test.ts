/**
 * The listeners' limits answer rather than hang: a body declared over the limit gets 413 before
 * any of it is sent (device RPS and admin API); the admin listener answers 503 with Retry-After
 * past its connection budget, cuts a client that never finishes its headers, and does not cut the
 * event stream (a response) with its request timeout.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { createAdminApp } from '../../electron/backend/admin/app';
import { listen } from '../../electron/backend/http/listen';
import { ADMIN_LIMITS } from '../../electron/backend/http/limits';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
before(async () => {
  backend = await startTestBackend({ httpsPort: false });
});
after(async () => {
  await backend.cleanup();
});

function portOf(url: string): number {
  return Number(new URL(url).port);
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Sends `head` (and no body), returns everything the server sends until it closes or `ms` pass. */
async function exchange(port: number, head: string, ms = 5000): Promise<string> {
  const s = await open(port);
  return new Promise((resolve) => {
    let text = '';
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(text);
    };
    const timer = setTimeout(done, ms);
    s.on('data', (c: Buffer) => {
      text += c.toString();
      if (/\r\n\r\n[\s\S]*\}$/.test(text)) done();
    });
    s.on('close', done);
    s.on('error', done);
    s.write(head);
  });
}

test('a 6 MB body declared to the RPS gets 413 at once, before any of it is sent', async () => {
  const answer = await exchange(
    portOf(backend.deviceBaseUrl),
    'POST /rps/v1/lookup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 6000000\r\n\r\n',
  );
  assert.match(answer, /^HTTP\/1\.1 413 /);
  assert.match(answer, /"code":"payload_too_large"/);
  assert.doesNotMatch(answer, /provisioningUrl/);
});

test('a body over 8 MB declared to the admin API gets 413 at once', async () => {
  const port = portOf(backend.adminUrl);
  const answer = await exchange(
    port,
    `POST /api/v1/phones HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${backend.adminToken}\r\nContent-Type: application/json\r\nContent-Length: 9000000\r\n\r\n`,
  );
  assert.match(answer, /^HTTP\/1\.1 413 /);
  assert.equal((await backend.api.listPhones()).length, 0, 'nothing changed');
});

test('past its connection budget the admin listener answers 503 with Retry-After, and serves again after', async () => {
  const port = portOf(backend.adminUrl);
  const held: Socket[] = [];
  try {
    for (let i = 0; i < (ADMIN_LIMITS.connectionBudget as number); i++) held.push(await open(port));
    const answer = await exchange(
      port,
      `GET /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${backend.adminToken}\r\n\r\n`,
    );
    assert.match(answer, /^HTTP\/1\.1 503 /);
    assert.match(answer, /\r\nRetry-After: 1\r\n/i);
  } finally {
    for (const s of held) s.destroy();
  }
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(await backend.api.info());
});

test('the admin listener cuts a client that never finishes its headers; the event stream outlives the request timeout', async () => {
  let port = 0;
  const short = await listen(createAdminApp(backend.ctx, { token: backend.adminToken, getPort: () => port }), {
    host: '127.0.0.1',
    port: 0,
    ...ADMIN_LIMITS,
    headersTimeoutMs: 1000,
    requestTimeoutMs: 1000,
  });
  port = short.port;
  try {
    const stream = await open(port);
    let streamText = '';
    let streamClosed = false;
    stream.on('data', (c: Buffer) => (streamText += c.toString()));
    stream.on('close', () => (streamClosed = true));
    stream.write(`GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${backend.adminToken}\r\n\r\n`);

    const slow = await open(port);
    let slowText = '';
    const cut = new Promise<boolean>((resolve) => {
      slow.on('data', (c: Buffer) => (slowText += c.toString()));
      slow.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 10_000);
    });
    slow.write(`GET /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`); // never ends its headers
    assert.equal(await cut, true, 'the slow client was cut off');
    assert.match(slowText, /^HTTP\/1\.1 400 /);
    assert.equal(streamClosed, false, 'the event stream is still open');
    assert.match(streamText, /^HTTP\/1\.1 200 /);
    assert.match(streamText, /text\/event-stream/);
    stream.destroy();
  } finally {
    await short.close();
  }
});
