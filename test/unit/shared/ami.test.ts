import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AmiProtocolError,
  AmiStreamParser,
  eventName,
  field,
  fieldsNamed,
  isListComplete,
  serializeAction,
  type AmiBlock,
} from '../../../shared/ami/message';
import {
  displayNameOfCallerId,
  hostPortOfUri,
  readAuthDetail,
  readContactList,
  readContactStatus,
  readEndpointList,
} from '../../../shared/ami/pjsip';
import { parseSecurityAddress, readSecurityEvent, securityReason } from '../../../shared/ami/security';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../fixtures/ami', name), 'utf8');

function blocksOf(text: string, chunk = 0): { greeting?: string; blocks: AmiBlock[] } {
  const parser = new AmiStreamParser();
  const blocks: AmiBlock[] = [];
  let greeting: string | undefined;
  const pieces = chunk > 0 ? (text.match(new RegExp(`[\\s\\S]{1,${chunk}}`, 'g')) ?? []) : [text];
  for (const piece of pieces) {
    for (const f of parser.push(piece)) {
      if (f.type === 'greeting') greeting = f.version;
      else blocks.push(f.block);
    }
  }
  return { ...(greeting !== undefined ? { greeting } : {}), blocks };
}

test('the stream parser reads a captured Asterisk 22 session the same however it is chunked', () => {
  const text = fixture('register-session.txt');
  const whole = blocksOf(text);
  assert.equal(whole.greeting, '11.0.0');
  for (const size of [1, 2, 3, 4, 5, 7, 100, 1500]) assert.deepEqual(blocksOf(text, size).blocks, whole.blocks, `chunk ${size}`);
  // The same session with bare LF line ends (a proxy or a hand-typed test) reads the same.
  const lf = text.replace(/\r\n/g, '\n');
  for (const size of [0, 1, 2, 3, 64]) assert.deepEqual(blocksOf(lf, size).blocks, whole.blocks, `LF, chunk ${size}`);
  const contactList = whole.blocks.filter((b) => eventName(b) === 'ContactList');
  assert.equal(contactList.length, 2);
  assert.ok(whole.blocks.some((b) => eventName(b) === 'ContactListComplete' && isListComplete(b)));
});

test('a peer that is not AMI is a protocol error, not a hang', () => {
  assert.throws(() => new AmiStreamParser().push('HTTP/1.1 400 Bad Request\r\n\r\n'), AmiProtocolError);
  assert.throws(() => new AmiStreamParser().push('x'.repeat(300)), AmiProtocolError);
  const small = new AmiStreamParser(100);
  small.push('Asterisk Call Manager/11.0.0\r\n');
  assert.throws(() => small.push(`Event: X\r\nData: ${'y'.repeat(200)}`), AmiProtocolError);
});

test('values keep their colons and empty values stay empty; repeated keys are all kept', () => {
  const { blocks } = blocksOf('Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nOutput: a: b\r\nOutput: c\r\nTransport: \r\n\r\n');
  const b = blocks[0] as AmiBlock;
  assert.deepEqual(fieldsNamed(b, 'output'), ['a: b', 'c']);
  assert.equal(field(b, 'Transport'), '');
});

test('serializeAction writes CRLF lines and refuses header injection', () => {
  assert.equal(
    serializeAction('PJSIPNotify', 'dp-1', { Endpoint: '1001', Variable: ['Event=check-sync'] }),
    'Action: PJSIPNotify\r\nActionID: dp-1\r\nEndpoint: 1001\r\nVariable: Event=check-sync\r\n\r\n',
  );
  assert.throws(() => serializeAction('Login', 'x', { Secret: 'a\r\nAction: Command' }), AmiProtocolError);
  assert.throws(() => serializeAction('Login', 'x', { 'Bad Key': 'a' }), AmiProtocolError);
});

test('ContactList, ContactStatus and endpoint events read into typed objects', () => {
  const { blocks } = blocksOf(fixture('register-session.txt'));
  const contacts = blocks.map(readContactList).filter((c) => c !== undefined);
  assert.deepEqual(contacts[0], {
    endpoint: '1001',
    aor: '1001',
    uri: 'sip:1001@127.0.0.1:50546',
    ip: '127.0.0.1',
    port: 50546,
    userAgent: 'Yealink SIP-T46U 108.86.0.20 80:5e:c0:00:00:01',
    status: 'Reachable',
    rttMs: 1.1,
    expiresAt: 1795437066,
  });
  const statuses = blocks.map(readContactStatus).filter((c) => c !== undefined);
  assert.deepEqual(
    statuses.map((s) => `${s.endpoint} ${s.status}`),
    ['1001 NonQualified', '1001 Reachable', '1003 NonQualified', '1003 Reachable', '1001 Removed', '1003 Removed'],
  );
  assert.equal(statuses[0]?.port, 50546);

  const detail = blocksOf(fixture('show-endpoint-no-contacts.txt')).blocks;
  assert.deepEqual(detail.map(readEndpointList).filter(Boolean), [
    { name: '1001', aors: ['1001'], auths: ['1001-auth'], deviceState: 'Unavailable', contacts: 0 },
  ]);
  const auth = detail.map(readAuthDetail).find(Boolean);
  assert.equal(auth?.username, '1001');
  assert.equal(auth?.password, 'secret;1', 'the semicolon escaped in pjsip.conf reads back as written');
  assert.equal(auth?.endpoint, '1001');
  const noContacts = detail.find((b) => field(b, 'ActionID') === 'A2');
  assert.equal(field(noContacts as AmiBlock, 'Message'), 'No Contacts found');
});

test('security events say wrong password or unknown account, for PJSIP only', () => {
  const { blocks } = blocksOf(fixture('register-session.txt'));
  const findings = blocks.map(readSecurityEvent).filter((f) => f !== undefined && f.kind !== 'auth_ok' && f.kind !== 'challenged');
  assert.deepEqual(
    findings.map((f) => `${f?.kind} ${f?.account}`),
    ['wrong_password 1002', 'unknown_account 9999', 'unknown_account 9999', 'wrong_password '],
  );
  assert.equal(findings[0]?.ip, '127.0.0.1');
  assert.equal(findings[0]?.port, 47989);
  // The trailing <unknown> ChallengeResponseFailed carries the same Call-ID as the InvalidAccountID.
  assert.equal(findings[3]?.sessionId, findings[1]?.sessionId);
  // AMI's own login is a SuccessfulAuth with Service: AMI, which is not a phone.
  assert.ok(!blocks.map(readSecurityEvent).some((f) => f?.account === 'dplab'));
  assert.match(securityReason(findings[0] as never, 'the PBX'), /^Wrong password: .*1002.*127\.0\.0\.1:47989/);
  assert.match(securityReason(findings[1] as never, 'the PBX'), /^Unknown account: .*"9999"/);
});

test('addresses and caller ids', () => {
  assert.deepEqual(parseSecurityAddress('IPV4/UDP/10.0.0.5/5062'), { transport: 'udp', ip: '10.0.0.5', port: 5062 });
  assert.deepEqual(parseSecurityAddress('IPV6/UDP/::1/5062'), { transport: 'udp', ip: '::1', port: 5062 });
  assert.equal(parseSecurityAddress('nonsense'), undefined);
  assert.deepEqual(hostPortOfUri('sip:1001@[::1]:5070;transport=udp'), { host: '::1', port: 5070 });
  assert.deepEqual(hostPortOfUri('sip:1001@pbx.example'), { host: 'pbx.example', port: 5060 });
  assert.equal(displayNameOfCallerId('"Desk 1001" <1001>'), 'Desk 1001');
  assert.equal(displayNameOfCallerId('<unknown>'), '');
});
