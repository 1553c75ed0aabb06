/**
 * Slow or hostile clients cannot take the device listener down: slow header senders are cut off,
 * oversized headers refused, and connections beyond the bound dropped, while a phone is answered.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { enroll } from '../../electron/sim/enroll';
import { VirtualPhone, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import { createDeviceApp } from '../../electron/backend/device/app';
import { listen } from '../../electron/backend/http/listen';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
let phones: PhoneIdentity[];
let host: string;
let port: number;

before(async () => {
  backend = await startTestBackend({ httpsPort: false });
  phones = await enroll(backend.api, { count: 3 });
  const u = new URL(backend.deviceBaseUrl);
  host = u.hostname;
  port = Number(u.port);
});
after(async () => {
  await backend.cleanup();
});

function open(p = port): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(p, host, () => resolve(s));
    s.on('error', reject);
  });
}

async function phoneWorks(id: PhoneIdentity): Promise<number> {
  const started = performance.now();
  const result = await new VirtualPhone(id, { rpsUrl: backend.rpsUrl, timeoutMs: 5000 }).provision();
  assert.equal(result.ok, true, result.reason);
  return performance.now() - started;
}

test('slowloris: 300 connections sending headers byte by byte do not stop a phone, and are cut off', async () => {
  const sockets: Socket[] = [];
  const closed = new Set<Socket>();
  for (let i = 0; i < 300; i++) {
    const s = await open();
    s.on('error', () => {});
    s.on('close', () => closed.add(s));
    s.resume(); // read the server's answer, so its close is seen
    s.write('GET /rps/v1/lookup HTTP/1.1\r\nHost: x\r\n');
    sockets.push(s);
  }
  const trickle = setInterval(() => {
    for (const s of sockets) if (!s.destroyed) s.write('X');
  }, 200);
  try {
    const ms = await phoneWorks(phones[0]!);
    console.log(`slowloris: a phone walked steps 1-6 in ${ms.toFixed(0)} ms beside 300 slow senders`);
    // headersTimeout is 10 s: every slow sender is cut off soon after (awaited, up to 16 s).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(sockets.map((sock) => (sock.destroyed ? undefined : once(sock, 'close')))),
      new Promise((r) => (timer = setTimeout(r, 16_000))),
    ]);
    clearTimeout(timer);
    console.log(`slowloris: ${closed.size} of ${sockets.length} slow connections closed by the server`);
    assert.equal(closed.size, sockets.length);
  } finally {
    clearInterval(trickle);
    for (const s of sockets) s.destroy();
  }
  await phoneWorks(phones[1]!);
});

test('slow body: a POST that trickles its body is answered or cut, and the server goes on', async () => {
  const s = await open();
  s.on('error', () => {});
  let reply = '';
  s.on('data', (c) => (reply += c.toString()));
  const done = new Promise((r) => s.on('close', r));
  s.write('POST /rps/v1/lookup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{');
  const trickle = setInterval(() => !s.destroyed && s.write(' '), 500);
  await phoneWorks(phones[2]!);
  clearInterval(trickle);
  s.end();
  await done;
  assert.doesNotMatch(reply, /provisioningUrl/);
});

test('oversized headers are refused with a 4xx and nothing else', async () => {
  // Node's parser stops at 8 KB of headers; the listener's clientError handler answers 400.
  for (const headers of [
    { 'X-Big': 'a'.repeat(20_000) },
    Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-h${i}`, 'v'.repeat(40)])),
  ]) {
    const res = await fetch(backend.rpsUrl, { headers }).catch((e: Error) => e);
    if (res instanceof Error) assert.match(String(res.cause ?? res.message), /closed|reset|other side/i);
    else {
      assert.ok(res.status === 400 || res.status === 431, String(res.status));
      assert.doesNotMatch(await res.text(), /provisioningUrl/);
    }
  }
  await phoneWorks(phones[0]!);
});

test('past its connection budget the listener answers 503 with Retry-After; past the hard cap it drops; it serves again once they go', async () => {
  const bounded = await listen(createDeviceApp(backend.ctx), {
    host: '127.0.0.1',
    port: 0,
    connectionBudget: 20,
    hardConnectionCap: 25,
    retryAfterSeconds: 3,
  });
  try {
    const held: Socket[] = [];
    const serverSide: Socket[] = [];
    bounded.server.on('connection', (sock: Socket) => serverSide.push(sock));
    for (let i = 0; i < 20; i++) held.push(await open(bounded.port));
    const extra = await open(bounded.port);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      extra.on('data', (c: Buffer) => (text += c.toString()));
      extra.on('close', () => resolve(text));
      extra.on('error', () => resolve(text));
      extra.write(`GET /rps/v1/lookup?mac=${phones[0]!.mac}&serial=${phones[0]!.serial} HTTP/1.1\r\nHost: x\r\n\r\n`);
    });
    assert.match(answer, /^HTTP\/1\.1 503 /, 'the 21st connection is answered, not dropped');
    assert.match(answer, /\r\nRetry-After: 3\r\n/i);
    assert.match(answer, /"code":"unavailable"/);
    assert.doesNotMatch(answer, /provisioningUrl/);
    assert.equal(bounded.busyAnswers, 1);
    for (let i = 0; i < 5; i++) held.push(await open(bounded.port));
    const beyond = await open(bounded.port);
    const dropped = await new Promise<boolean>((resolve) => {
      beyond.on('close', () => resolve(true));
      beyond.on('error', () => resolve(true));
      beyond.write('GET /rps/v1/lookup HTTP/1.1\r\nHost: x\r\n\r\n');
      setTimeout(() => resolve(false), 2000);
    });
    assert.equal(dropped, true, 'a connection past the hard cap is dropped');
    for (const s of held) s.destroy();
    // The listener counts a connection until its own end of it closes: wait for those closes.
    await Promise.all(serverSide.map((sock) => (sock.destroyed ? undefined : once(sock, 'close'))));
    const ok = await fetch(`http://127.0.0.1:${bounded.port}/rps/v1/lookup?mac=${phones[0]!.mac}&serial=${phones[0]!.serial}`, {
      headers: { Accept: 'application/json' },
    });
    assert.equal(ok.status, 200);
  } finally {
    await bounded.close();
  }
});
