/**
 * The virtual phone's SIP registration against a scripted registrar on loopback: a FAKE, named as
 * such, because the real Asterisk cannot be told to lose packets or grant a 2-second binding.
 * (The real thing is tested in test/lab/registration.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo } from 'node:dgram';
import { buildResponse, header, parseSipMessage, type SipMessage } from '../../../shared/sip/message';
import { SipRegistration } from '../../../electron/sim/sip/registration';

type Request = Extract<SipMessage, { kind: 'request' }>;

async function fakeRegistrar(answer: (req: Request, n: number) => [number, string, [string, string][]] | undefined) {
  const socket = createSocket('udp4');
  const seen: Request[] = [];
  socket.on('message', (data: Buffer, from: RemoteInfo) => {
    const msg = parseSipMessage(data.toString());
    if (msg.kind !== 'request') return;
    seen.push(msg);
    const reply = answer(msg, seen.length);
    if (reply) socket.send(buildResponse(msg, reply[0], reply[1], reply[2], 'srv'), from.port, from.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { port: socket.address().port, seen, close: () => new Promise<void>((r) => socket.close(() => r())) };
}

test('a lost REGISTER is retransmitted with the same branch until answered', async () => {
  const srv = await fakeRegistrar((req, n) =>
    n <= 2 ? undefined : [200, 'OK', [['Contact', `${header(req.headers, 'contact')};expires=60`]]],
  );
  const reg = new SipRegistration(
    { userName: '2000', password: 'x', server: '127.0.0.1', port: srv.port, expires: 60 },
    { userAgent: 'test', t1Ms: 20 },
  );
  const outcome = await reg.register();
  assert.deepEqual([outcome.ok, outcome.ok && outcome.expires], [true, 60]);
  assert.equal(srv.seen.length, 3);
  const branches = new Set(srv.seen.map((r) => header(r.headers, 'via')));
  assert.equal(branches.size, 1, 'retransmissions are the same transaction');
  reg.expires = 0; // skip the un-REGISTER: this registrar stops answering
  await reg.close();
  await srv.close();
});

test('no answer at all ends with a timeout reason, not a hang', async () => {
  const srv = await fakeRegistrar(() => undefined);
  const reg = new SipRegistration(
    { userName: '2001', password: 'x', server: '127.0.0.1', port: srv.port, expires: 60 },
    { userAgent: 'test', t1Ms: 5 },
  );
  const outcome = await reg.register();
  assert.equal(outcome.ok, false);
  assert.match(outcome.ok ? '' : outcome.reason, /timed out after retransmissions/);
  assert.ok(srv.seen.length >= 5);
  await reg.close();
  await srv.close();
});

test('the binding is refreshed before it expires, and closing un-registers with Expires: 0', { timeout: 10_000 }, async () => {
  const srv = await fakeRegistrar((req) => {
    const expires = header(req.headers, 'expires') === '0' ? 0 : 2;
    return [200, 'OK', [['Contact', `${header(req.headers, 'contact')};expires=${expires}`]]];
  });
  const refreshed: boolean[] = [];
  let firstRefresh!: () => void;
  const refreshSeen = new Promise<void>((r) => (firstRefresh = r));
  const reg = new SipRegistration(
    { userName: '2002', password: 'x', server: '127.0.0.1', port: srv.port, expires: 2 },
    {
      userAgent: 'test',
      onRefresh: (o) => {
        refreshed.push(o.ok);
        firstRefresh();
      },
    },
  );
  assert.equal((await reg.register()).ok, true);
  await refreshSeen;
  assert.ok(refreshed.length > 0 && refreshed.every(Boolean), 'the 2 s binding was refreshed');
  assert.ok(srv.seen.length >= 2);
  await reg.close();
  const last = srv.seen.at(-1);
  assert.equal(header(last!.headers, 'expires'), '0');
  assert.equal(new Set(srv.seen.map((r) => header(r.headers, 'call-id'))).size, 1, 'one Call-ID for the whole registration');
  await srv.close();
});

test('a 423 Interval Too Brief is followed with the Min-Expires asked for', async () => {
  const srv = await fakeRegistrar((req) =>
    Number(header(req.headers, 'expires')) < 300
      ? [423, 'Interval Too Brief', [['Min-Expires', '300']]]
      : [200, 'OK', [['Expires', '300']]],
  );
  const reg = new SipRegistration(
    { userName: '2003', password: 'x', server: '127.0.0.1', port: srv.port, expires: 60 },
    { userAgent: 'test' },
  );
  const outcome = await reg.register();
  assert.deepEqual([outcome.ok, outcome.ok && outcome.expires], [true, 300]);
  reg.expires = 0;
  await reg.close();
  await srv.close();
});
