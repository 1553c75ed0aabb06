/**
 * The virtual phones' HTTP client against real Node servers on loopback: keep-alive reuse, a
 * connection the server closed while idle, bodies both ways, and the errors a phone reports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { simFetch } from '../../../electron/sim/httpClient';

async function listen<S extends HttpServer | TcpServer>(server: S): Promise<{ server: S; url: string; close: () => Promise<void> }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

test('requests in a row share one keep-alive connection; POST bodies and headers arrive intact', async () => {
  let connections = 0;
  const seen: { method: string; body: string; agent: string }[] = [];
  const http = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', body, agent: req.headers['user-agent'] ?? '' });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ n: seen.length }));
    });
  });
  http.on('connection', () => connections++);
  const s = await listen(http);
  try {
    const first = await simFetch(`${s.url}/rps`, {
      method: 'POST',
      headers: { 'User-Agent': 'Yealink SIP-T46U' },
      body: '{"mac":"805ec0000001"}',
    });
    const second = await simFetch(`${s.url}/p/t/ACC.cfg`);
    assert.deepEqual(await first.json(), { n: 1 });
    assert.deepEqual(await second.json(), { n: 2 });
    assert.equal(first.ok, true);
    assert.deepEqual(seen, [
      { method: 'POST', body: '{"mac":"805ec0000001"}', agent: 'Yealink SIP-T46U' },
      { method: 'GET', body: '', agent: '' },
    ]);
    assert.equal(connections, 1);
  } finally {
    await s.close();
  }
});

test('a connection the server closed while idle is dropped, and the next request still succeeds', async () => {
  const http = createHttpServer((_req, res) => res.end('ok'));
  http.keepAliveTimeout = 50;
  let serverClosed: Promise<unknown> = Promise.resolve();
  http.on('connection', (socket: Socket) => (serverClosed = once(socket, 'close')));
  const s = await listen(http);
  try {
    assert.equal(await (await simFetch(`${s.url}/a`)).text(), 'ok');
    // The server drops the idle connection after its keep-alive timeout: wait for that, not a guess.
    await serverClosed;
    assert.equal(await (await simFetch(`${s.url}/b`)).text(), 'ok');
  } finally {
    await s.close();
  }
});

test('a kept connection that the server closes just after answering: the request is sent again on a new one', async () => {
  // Answers keep-alive, then hangs up at once: the client may pick the connection before it sees the close.
  let connections = 0;
  const tcp = createTcpServer((socket) => {
    connections++;
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
      socket.destroy();
    });
  });
  const s = await listen(tcp);
  try {
    for (let i = 0; i < 5; i++) assert.equal(await (await simFetch(`${s.url}/x`)).text(), 'ok');
    assert.equal(connections >= 5, true);
  } finally {
    await s.close();
  }
});

test('status, status text and a chunked body come back as the server sent them', async () => {
  const http = createHttpServer((_req, res) => {
    res.writeHead(404, 'Nope', { 'Content-Type': 'text/plain' });
    res.write('no such ');
    res.end('file');
  });
  const s = await listen(http);
  try {
    const r = await simFetch(`${s.url}/missing`);
    assert.equal(r.status, 404);
    assert.equal(r.ok, false);
    assert.equal(r.statusText, 'Nope');
    assert.equal(await r.text(), 'no such file');
  } finally {
    await s.close();
  }
});

test('a server that never answers times out; a closed port is refused; a cut-off answer is an error; a header with a line break is refused', async () => {
  const silent = await listen(createTcpServer((socket) => socket.resume())); // reads, never answers
  const cut = await listen(
    createTcpServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'))),
  );
  try {
    await assert.rejects(simFetch(`${silent.url}/x`, { timeoutMs: 100 }), /timed out after 100 ms/);
    await assert.rejects(simFetch(`${cut.url}/x`), /closed in the middle of the body/);
  } finally {
    await silent.close();
    await cut.close();
  }
  await assert.rejects(simFetch(silent.url + '/x'), /ECONNREFUSED/);
  await assert.rejects(simFetch('ftp://127.0.0.1/x'), /unsupported URL scheme/);
  await assert.rejects(simFetch(silent.url + '/x', { headers: { 'User-Agent': 'x\r\nInjected: 1' } }), /holds a line break/);
});

test('a simulation ends when its phones are done: an idle kept connection does not hold the process open', async () => {
  const http = createHttpServer((_req, res) => res.end('ok'));
  http.keepAliveTimeout = 60_000;
  const s = await listen(http);
  try {
    const client = new URL('../../../electron/sim/httpClient.ts', import.meta.url).href;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(client)}); console.log(await (await m.simFetch('${s.url}/')).text());`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    // The server would keep the connection for a minute: the child must exit on its own well before.
    const exited = await Promise.race([
      new Promise<number | null>((r) => child.once('exit', r)),
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), 20_000)),
    ]);
    child.kill();
    assert.equal(exited, 0);
    assert.equal(out.trim(), 'ok');
  } finally {
    await s.close();
  }
});
