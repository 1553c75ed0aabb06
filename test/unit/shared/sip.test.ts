import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildRequest,
  buildResponse,
  header,
  headerAll,
  headerParams,
  parseCSeq,
  parseSipMessage,
  SipParseError,
} from '../../../shared/sip/message';
import { digestAuthorization, parseChallenge, pickChallenge } from '../../../shared/sip/digest';
import { hashHex } from '../../../electron/common/hash';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../fixtures/sip', name), 'utf8');

test("Asterisk 22's 401 to a REGISTER parses, with both challenges", () => {
  const msg = parseSipMessage(fixture('register-401-asterisk22.txt'));
  assert.equal(msg.kind, 'response');
  if (msg.kind !== 'response') return;
  assert.equal(msg.status, 401);
  assert.equal(headerParams(headerAll(msg.headers, 'v')[0] ?? '').get('branch'), 'z9hG4bKcap1');
  assert.deepEqual(parseCSeq(header(msg.headers, 'cseq')), { seq: 1, method: 'REGISTER' });
  const challenges = headerAll(msg.headers, 'WWW-Authenticate').map(parseChallenge);
  assert.deepEqual(
    challenges.map((c) => c?.algorithm),
    ['SHA-256', 'MD5'],
  );
  assert.equal(challenges[0]?.realm, 'asterisk');
  assert.deepEqual(challenges[0]?.qop, ['auth']);
  const ok = challenges.filter((c) => c !== undefined);
  assert.equal(pickChallenge(ok)?.algorithm, 'SHA-256');
  assert.equal(pickChallenge(ok, ['MD5'])?.algorithm, 'MD5');
  assert.equal(
    pickChallenge(
      ok.filter((c) => c.algorithm === 'MD5'),
      ['SHA-256'],
    ),
    undefined,
  );
});

test('compact header names and folded lines read like the long forms', () => {
  const msg = parseSipMessage(
    'OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP x;branch=1, SIP/2.0/UDP y;branch=2\r\ni: abc\r\nSubject: one\r\n two\r\nl: 0\r\n\r\n',
  );
  assert.equal(msg.kind, 'request');
  assert.deepEqual(headerAll(msg.headers, 'Via'), ['SIP/2.0/UDP x;branch=1', 'SIP/2.0/UDP y;branch=2']);
  assert.equal(header(msg.headers, 'Call-ID'), 'abc');
  assert.equal(header(msg.headers, 'subject'), 'one two');
  assert.throws(() => parseSipMessage('GARBAGE\r\n\r\n'), SipParseError);
  assert.throws(() => parseSipMessage('INVITE sip:a SIP/2.0\r\nno colon here\r\n\r\n'), SipParseError);
});

test('digest responses match the RFC 2617 (MD5) and RFC 7616 (SHA-256) examples', () => {
  const md5 = digestAuthorization(
    {
      challenge: {
        scheme: 'Digest',
        realm: 'testrealm@host.com',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        algorithm: 'MD5',
        qop: ['auth'],
        stale: false,
        opaque: '5ccc069c403ebaf9f0171e9517f40e41',
      },
      username: 'Mufasa',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      cnonce: '0a4f113b',
      nc: 1,
    },
    hashHex,
  );
  assert.match(md5, /response="6629fae49393a05397450978507c4ef1"/);
  assert.match(md5, /nc=00000001/);
  const sha = digestAuthorization(
    {
      challenge: {
        scheme: 'Digest',
        realm: 'http-auth@example.org',
        nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
        algorithm: 'SHA-256',
        qop: ['auth', 'auth-int'],
        stale: false,
      },
      username: 'Mufasa',
      password: 'Circle of Life',
      method: 'GET',
      uri: '/dir/index.html',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
      nc: 1,
    },
    hashHex,
  );
  assert.match(sha, /response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"/);
  assert.match(sha, /algorithm=SHA-256/);
});

test('built messages carry a byte-exact Content-Length and refuse header injection', () => {
  const text = buildRequest({ method: 'MESSAGE', uri: 'sip:a@b', headers: [['To', '<sip:a@b>']], body: 'é' });
  assert.match(text, /Content-Length: 2\r\n\r\né$/);
  assert.throws(() => buildRequest({ method: 'REGISTER', uri: 'sip:a@b', headers: [['From', 'x\r\nEvil: 1']] }), SipParseError);
  const req = parseSipMessage(
    'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 7 OPTIONS\r\n\r\n',
  );
  if (req.kind !== 'request') throw new Error('not a request');
  const res = parseSipMessage(buildResponse(req, 200, 'OK', [], 'tt'));
  assert.equal(res.kind, 'response');
  assert.equal(header(res.headers, 'to'), '<sip:a@b>;tag=tt');
  assert.equal(header(res.headers, 'cseq'), '7 OPTIONS');
});

test('lenient mode (discovery): skips unreadable header lines, null instead of an error', () => {
  const text =
    'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKx\r\nthis is no header\r\nUser-Agent: Yealink SIP-T46U 108.86.0.20\r\n\r\n';
  assert.throws(() => parseSipMessage(text), SipParseError);
  const msg = parseSipMessage(text, { lenient: true });
  assert.equal(msg?.kind, 'response');
  assert.equal(header(msg!.headers, 'user-agent'), 'Yealink SIP-T46U 108.86.0.20');
  assert.equal(parseSipMessage('HTTP/1.1 200 OK\r\n\r\n', { lenient: true }), null);
  assert.equal(parseSipMessage('', { lenient: true }), null);
  assert.equal(parseSipMessage(`OPTIONS sip:a SIP/2.0\r\nX: ${'y'.repeat(9000)}\r\n\r\n`, { lenient: true }), null);
});

test('header parameters: quoted values may hold ";", URI parameters inside <> are not the header\'s', () => {
  const event = headerParams('ua-profile;profile-type="device";vendor="Ya;link \\"x\\"";model=T46U');
  assert.deepEqual(
    [...event],
    [
      ['profile-type', 'device'],
      ['vendor', 'Ya;link "x"'],
      ['model', 'T46U'],
    ],
  );
  assert.deepEqual(
    [...headerParams('<sip:a@10.0.0.1;transport=udp>;tag=x;expires=60')],
    [
      ['tag', 'x'],
      ['expires', '60'],
    ],
  );
});
