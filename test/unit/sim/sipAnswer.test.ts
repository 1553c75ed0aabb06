/** A virtual phone taking a call: what it answers to INVITE, CANCEL, ACK and BYE, in each mode. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerModeFrom, CallAnswerer, type AnswerMode, type Request } from '../../../electron/sim/sip/answer';
import { buildRequest, header, parseSipMessage } from '../../../shared/sip/message';
import { buildSdpAnswer, parseSdpOffer } from '../../../shared/sip/sdp';

const OFFER = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=Asterisk',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 30000 RTP/AVP 8 0 101',
  'a=rtpmap:101 telephone-event/8000',
  '',
].join('\r\n');

function request(method: string, extra: [string, string][] = [], body = ''): Request {
  const text = buildRequest({
    method,
    uri: 'sip:2014@127.0.0.1:40000',
    headers: [
      ['Via', 'SIP/2.0/UDP 127.0.0.1:5060;rport;branch=z9hG4bKabc'],
      ['From', '"Desk check" <sip:2014@127.0.0.1>;tag=as1'],
      ['To', '<sip:2014@127.0.0.1:40000>'],
      ['Call-ID', 'call-1'],
      ['CSeq', `1 ${method === 'ACK' ? 'ACK' : method}`],
      ...extra,
    ],
    body,
  });
  return parseSipMessage(text) as Request;
}

function phone(mode: AnswerMode) {
  const sent: string[] = [];
  const answerer = new CallAnswerer(mode, {
    send: (text) => sent.push(text),
    contact: () => '<sip:2014@127.0.0.1:40000>',
    localAddress: '127.0.0.1',
    userAgent: 'test',
  });
  const statuses = () => sent.map((t) => parseSipMessage(t)).map((m) => (m.kind === 'response' ? m.status : 0));
  return { sent, answerer, statuses };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('answer mode: 100, 180, then 200 OK with an SDP answer after the delay; BYE ends the call', async () => {
  const p = phone({ mode: 'answer', delayMs: 20 });
  after(() => p.answerer.close());
  assert.equal(p.answerer.handle(request('INVITE', [['Content-Type', 'application/sdp']], OFFER)), true);
  assert.deepEqual(p.statuses(), [100, 180]);
  await wait(100);
  assert.deepEqual(p.statuses().slice(0, 3), [100, 180, 200]);
  const ok = parseSipMessage(p.sent[2]!);
  assert.equal(header(ok.headers, 'contact'), '<sip:2014@127.0.0.1:40000>');
  assert.match(header(ok.headers, 'to') ?? '', /;tag=/);
  assert.match(ok.body, /^m=audio \d+ RTP\/AVP 0$/m, 'answers with one codec of the offer (PCMU, its first preference)');
  p.answerer.handle(request('ACK'));
  const before = p.sent.length;
  assert.equal(p.answerer.handle(request('BYE', [['CSeq', '2 BYE']])), true);
  assert.equal(p.statuses()[before], 200);
  assert.equal(p.answerer.history[0]?.state, 'ended');
  p.answerer.close();
});

test('busy mode: 486 Busy Here; never mode: rings until CANCEL, then 200 and 487', () => {
  const busy = phone({ mode: 'busy' });
  busy.answerer.handle(request('INVITE', [], OFFER));
  assert.deepEqual(busy.statuses(), [100, 486]);
  busy.answerer.close();
  const never = phone({ mode: 'never' });
  never.answerer.handle(request('INVITE', [], OFFER));
  // A retransmitted INVITE gets the last answer again, not a new call.
  never.answerer.handle(request('INVITE', [], OFFER));
  assert.deepEqual(never.statuses(), [100, 180, 180]);
  never.answerer.handle(request('CANCEL'));
  assert.deepEqual(never.statuses().slice(3), [200, 487]);
  assert.equal(never.answerer.history.length, 1);
  assert.equal(never.answerer.history[0]?.state, 'cancelled');
  never.answerer.close();
});

test('a BYE for no call gets 481; other methods are left to the registration', () => {
  const p = phone({ mode: 'never' });
  p.answerer.handle(request('BYE'));
  assert.deepEqual(p.statuses(), [481]);
  assert.equal(p.answerer.handle(request('OPTIONS')), false);
  p.answerer.close();
});

test('SDP: the offer is read, an answer needs a common codec', () => {
  const offer = parseSdpOffer(OFFER);
  assert.deepEqual(offer, { address: '127.0.0.1', port: 30000, payloads: [8, 0, 101] });
  assert.equal(buildSdpAnswer({ address: '127.0.0.1', port: 1, payloads: [9] }, '127.0.0.1', 4000, 1), undefined);
  assert.match(buildSdpAnswer({ address: '127.0.0.1', port: 1, payloads: [0] }, '127.0.0.1', 4000, 1) ?? '', /m=audio 4000 RTP\/AVP 0/);
});

test("the simulator's --answer values", () => {
  assert.deepEqual(answerModeFrom('auto'), { mode: 'answer', delayMs: 1000 });
  assert.deepEqual(answerModeFrom('AUTO:250'), { mode: 'answer', delayMs: 250 });
  assert.deepEqual(answerModeFrom('never'), { mode: 'never' });
  assert.deepEqual(answerModeFrom('busy'), { mode: 'busy' });
  assert.equal(answerModeFrom('sometimes'), undefined);
  assert.equal(answerModeFrom('auto:-1'), undefined);
});
