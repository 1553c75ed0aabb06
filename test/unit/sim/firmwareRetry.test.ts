/** Virtual phones retry as firmware does: a 503 after its Retry-After, a lost connection after a back-off. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { firmwareFetch } from '../../../electron/sim/httpClient';

const FAST = { retries: 4, baseDelayMs: 5, maxDelayMs: 20 };

async function rawServer(
  answers: ((socket: import('node:net').Socket) => void)[],
): Promise<{ url: string; server: Server; seen: () => number }> {
  let n = 0;
  const server = createServer((socket) => {
    socket.once('data', () => {
      const answer = answers[Math.min(n, answers.length - 1)] as (s: import('node:net').Socket) => void;
      n++;
      answer(socket);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, server, seen: () => n };
}

const busy = (s: import('node:net').Socket) =>
  s.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
const ok = (s: import('node:net').Socket) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
const reset = (s: import('node:net').Socket) => s.resetAndDestroy();

test('a 503 is tried again, as the Retry-After says, until the server takes it', async () => {
  const s = await rawServer([busy, busy, ok]);
  try {
    const res = await firmwareFetch(`${s.url}/x`, {}, FAST);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'ok');
    assert.equal(s.seen(), 3);
  } finally {
    s.server.close();
  }
});

test('a connection reset before any answer is tried again after a back-off', async () => {
  const s = await rawServer([reset, ok]);
  try {
    const res = await firmwareFetch(`${s.url}/x`, {}, FAST);
    assert.equal(res.status, 200);
    assert.equal(s.seen(), 2);
  } finally {
    s.server.close();
  }
});

test('retries end: the last 503 is returned, other errors are returned at once', async () => {
  const s = await rawServer([busy]);
  try {
    assert.equal((await firmwareFetch(`${s.url}/x`, {}, FAST)).status, 503);
    assert.equal(s.seen(), 5);
  } finally {
    s.server.close();
  }
  const notFound = await rawServer([(so) => so.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')]);
  try {
    assert.equal((await firmwareFetch(`${notFound.url}/x`, {}, FAST)).status, 404);
    assert.equal(notFound.seen(), 1);
  } finally {
    notFound.server.close();
  }
});
