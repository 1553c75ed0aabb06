import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildNotifyOk,
  buildPnpNotify,
  buildPnpSubscribe,
  buildSubscribeOk,
  readPnpNotify,
  readPnpSubscribe,
} from '../../../shared/discovery/pnp';
import { agentOf, buildOptions } from '../../../shared/discovery/sipOptions';
import { headerText as header, parseSipMessage } from '../../../shared/sip/message';

const parseSip = (text: string) => parseSipMessage(text, { lenient: true });
import type { Mac } from '../../../shared/mac';

const YEALINK_SUBSCRIBE = [
  'SUBSCRIBE sip:MAC%3A805ec0112233@224.0.1.75 SIP/2.0',
  'Via: SIP/2.0/UDP 192.168.1.50:5060;branch=z9hG4bK1234;rport',
  'From: <sip:MAC%3A805ec0112233@224.0.1.75>;tag=abc',
  'To: <sip:MAC%3A805ec0112233@224.0.1.75>',
  'Call-ID: 55aa@192.168.1.50',
  'CSeq: 1 SUBSCRIBE',
  'Contact: <sip:192.168.1.50:5060>',
  'Event: ua-profile;profile-type="device";vendor="Yealink";model="T46U";version="108.86.0.20"',
  'Accept: application/url',
  'Expires: 0',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

test('a ua-profile SUBSCRIBE tells MAC, vendor, model, firmware and where to NOTIFY', () => {
  const s = readPnpSubscribe(YEALINK_SUBSCRIBE)!;
  assert.equal(s.mac, '805ec0112233');
  assert.deepEqual([s.vendor, s.model, s.firmware], ['Yealink', 'T46U', '108.86.0.20']);
  assert.deepEqual(s.notifyTo, { host: '192.168.1.50', port: 5060 });
});

test('compact headers and LF-only line ends are read too; other requests are not PnP', () => {
  const compact = YEALINK_SUBSCRIBE.replace(/\r\n/g, '\n')
    .replace('Event:', 'o:')
    .replace('Call-ID:', 'i:')
    .replace('Contact:', 'm:')
    .replace('Via:', 'v:');
  assert.equal(readPnpSubscribe(compact)?.model, 'T46U');
  assert.equal(readPnpSubscribe(YEALINK_SUBSCRIBE.replace('ua-profile', 'presence')), null);
  assert.equal(readPnpSubscribe(YEALINK_SUBSCRIBE.replace(/MAC%3A805ec0112233/g, 'MAC%3Anotamac')), null);
  assert.equal(readPnpSubscribe('garbage\r\n\r\n'), null);
  assert.equal(readPnpSubscribe('x'.repeat(20_000)), null);
});

test('server side: 200 OK echoes the dialog, NOTIFY carries the URL as application/url', () => {
  const s = readPnpSubscribe(YEALINK_SUBSCRIBE)!;
  const ok = parseSip(buildSubscribeOk(s.message, 'srv1', 'sip:10.0.0.1:5060'))!;
  assert.ok(ok.kind === 'response');
  assert.equal(ok.status, 200);
  assert.equal(header(ok, 'call-id'), '55aa@192.168.1.50');
  assert.match(header(ok, 'to'), /;tag=srv1$/);
  assert.equal(header(ok, 'cseq'), '1 SUBSCRIBE');
  const notifyText = buildPnpNotify({
    subscribe: s.message,
    toTag: 'srv1',
    localIp: '10.0.0.1',
    localPort: 40000,
    branch: 'b1',
    provisioningUrl: 'http://10.0.0.1:8080/p/tok/',
  });
  const notify = parseSip(notifyText)!;
  assert.ok(notify.kind === 'request');
  assert.equal(notify.method, 'NOTIFY');
  assert.equal(notify.uri, 'sip:192.168.1.50:5060');
  assert.equal(header(notify, 'subscription-state'), 'terminated;reason=timeout');
  assert.equal(header(notify, 'content-type'), 'application/url');
  assert.equal(header(notify, 'content-length'), String('http://10.0.0.1:8080/p/tok/'.length));
  assert.match(header(notify, 'from'), /;tag=srv1/);
  assert.equal(header(notify, 'to'), '<sip:MAC%3A805ec0112233@224.0.1.75>;tag=abc');
  assert.equal(readPnpNotify(notify), 'http://10.0.0.1:8080/p/tok/');
  const notifyOk = parseSip(buildNotifyOk(notify));
  assert.equal(notifyOk?.kind === 'response' && notifyOk.status, 200);
});

test('phone side: the SUBSCRIBE the virtual phone sends is one the server reads', () => {
  const text = buildPnpSubscribe(
    { mac: '000b828aa872' as Mac, vendor: 'Grandstream', model: 'GXP2170', firmware: '1.0.11.3' },
    '10.231.0.20',
    5060,
    { callId: 'c1', tag: 't1', branch: 'b1' },
  );
  const s = readPnpSubscribe(text)!;
  assert.deepEqual([s.mac, s.vendor, s.model, s.firmware], ['000b828aa872', 'Grandstream', 'GXP2170', '1.0.11.3']);
});

test('OPTIONS probe and the answer agent', () => {
  const o = parseSip(
    buildOptions({ targetIp: '10.231.0.20', localIp: '10.231.0.1', localPort: 45000, callId: 'c', branch: 'b', tag: 't' }),
  )!;
  assert.ok(o.kind === 'request');
  assert.equal(o.method, 'OPTIONS');
  assert.equal(o.uri, 'sip:10.231.0.20:5060');
  const answer = parseSip('SIP/2.0 200 OK\r\nVia: x\r\nServer: snomD785/10.1.54.13\r\nContent-Length: 0\r\n\r\n')!;
  assert.equal(agentOf(answer), 'snomD785/10.1.54.13');
});
