/** Plug-and-play reads only SUBSCRIBEs RFC 3261 accepts, and addresses its NOTIFY to the phone. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPnpNotify, isUnicastIpv4, readPnpSubscribe, transactionKey } from '../../../shared/discovery/pnp';
import { parseSipMessage } from '../../../shared/sip/message';

const HEADERS: [string, string][] = [
  ['Via', 'SIP/2.0/UDP 192.168.1.50:5060;branch=z9hG4bK1234;rport'],
  ['From', '<sip:MAC%3A805ec0112233@224.0.1.75>;tag=abc'],
  ['To', '<sip:MAC%3A805ec0112233@224.0.1.75>'],
  ['Call-ID', '55aa@192.168.1.50'],
  ['CSeq', '1 SUBSCRIBE'],
  ['Contact', '<sip:192.168.1.50:5060>'],
  ['Event', 'ua-profile;profile-type="device";vendor="Yealink";model="T46U";version="108.86.0.20"'],
  ['Content-Length', '0'],
];

function subscribe(change: (h: [string, string][]) => [string, string][] = (h) => h, body = ''): string {
  return [
    'SUBSCRIBE sip:MAC%3A805ec0112233@224.0.1.75 SIP/2.0',
    ...change(HEADERS.map(([k, v]) => [k, v])).map(([k, v]) => `${k}: ${v}`),
    '',
    body,
  ].join('\r\n');
}
const drop = (name: string) => (h: [string, string][]) => h.filter(([k]) => k !== name);
const set = (name: string, value: string) => (h: [string, string][]) => h.map(([k, v]): [string, string] => [k, k === name ? value : v]);

test('a well-formed SUBSCRIBE is read', () => {
  assert.ok(readPnpSubscribe(subscribe()));
  assert.ok(readPnpSubscribe(subscribe(drop('Content-Length'))), 'Content-Length is optional over UDP');
  assert.ok(readPnpSubscribe(subscribe(set('Content-Length', '4'), 'body')));
});

test('the issue\u2019s malformed SUBSCRIBEs are not answered: no From, no To, CSeq of another method, Content-Length past the body', () => {
  assert.equal(readPnpSubscribe(subscribe(drop('From'))), null);
  assert.equal(readPnpSubscribe(subscribe(drop('To'))), null);
  assert.equal(readPnpSubscribe(subscribe(drop('Call-ID'))), null);
  assert.equal(readPnpSubscribe(subscribe(set('CSeq', '1 INVITE'))), null);
  assert.equal(readPnpSubscribe(subscribe(set('CSeq', 'one SUBSCRIBE'))), null);
  assert.equal(readPnpSubscribe(subscribe(set('Content-Length', '500'))), null);
  assert.equal(readPnpSubscribe(subscribe(set('Content-Length', 'x'))), null);
  assert.equal(readPnpSubscribe(subscribe((h) => [...h, ['CSeq', '2 SUBSCRIBE']])), null, 'a singleton header twice');
});

test('a Via port out of range (the datagram that stopped the app) is refused, with or without a Contact', () => {
  for (const port of ['0', '99999', '65536']) {
    assert.equal(
      readPnpSubscribe(subscribe((h) => set('Via', `SIP/2.0/UDP 192.168.1.50:${port};branch=z9hG4bKx`)(drop('Contact')(h)))),
      null,
      port,
    );
    assert.equal(readPnpSubscribe(subscribe(set('Via', `SIP/2.0/UDP 192.168.1.50:${port};branch=z9hG4bKx`))), null, port);
  }
  assert.equal(readPnpSubscribe(subscribe(set('Via', 'SIP/2.0/TCP 192.168.1.50:5060'))), null, 'UDP only');
});

test('an answer aimed at broadcast, multicast, 0.0.0.0 or a host name is not given', () => {
  for (const host of ['255.255.255.255', '224.0.1.75', '0.0.0.0', 'evil.example'])
    assert.equal(readPnpSubscribe(subscribe(set('Contact', `<sip:${host}:5060>`))), null, host);
  assert.equal(readPnpSubscribe(subscribe((h) => set('Via', 'SIP/2.0/UDP 255.255.255.255:5060')(drop('Contact')(h)))), null);
  assert.equal(isUnicastIpv4('10.0.0.5'), true);
  assert.equal(isUnicastIpv4('300.1.1.1'), false);
});

test('with no Contact the NOTIFY goes to, and is addressed to, the phone (its Via), never the app itself', () => {
  const sub = readPnpSubscribe(subscribe(drop('Contact')))!;
  assert.deepEqual(sub.notifyTo, { host: '192.168.1.50', port: 5060 });
  const notify = parseSipMessage(
    buildPnpNotify({
      subscribe: sub.message,
      toTag: 't',
      localIp: '10.0.0.1',
      localPort: 40000,
      branch: 'b',
      provisioningUrl: 'http://10.0.0.1:8080/p/tok/',
      target: sub.notifyTo ?? undefined,
    }),
  );
  assert.equal(notify.kind === 'request' ? notify.uri : '', 'sip:192.168.1.50:5060');
});

test('a retransmission has the same transaction key; a new CSeq does not', () => {
  const a = readPnpSubscribe(subscribe())!;
  const b = readPnpSubscribe(subscribe())!;
  const c = readPnpSubscribe(subscribe(set('CSeq', '2 SUBSCRIBE')))!;
  assert.equal(transactionKey(a.message), transactionKey(b.message));
  assert.notEqual(transactionKey(a.message), transactionKey(c.message));
});
