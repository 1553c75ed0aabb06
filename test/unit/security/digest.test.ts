import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { digestAuthorization, parseChallenge } from '../../../shared/sip/digest';
import { digestChallenges, expectedDigestResponse, parseDigestAuthorization } from '../../../shared/security/httpDigest';

const hash = (alg: 'MD5' | 'SHA-256', text: string) =>
  createHash(alg === 'MD5' ? 'md5' : 'sha256')
    .update(text)
    .digest('hex');

test('RFC 7616 3.9.1 example: SHA-256 and MD5 responses', () => {
  // The RFC's example: Mufasa / "Circle of Life", realm http-auth@example.org.
  const common = {
    username: 'Mufasa',
    realm: 'http-auth@example.org',
    uri: '/dir/index.html',
    qop: 'auth',
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  };
  assert.equal(
    expectedDigestResponse({ ...common, algorithm: 'MD5', response: '' }, 'Circle of Life', 'GET', hash),
    '8ca523f5e9506fed4657c9700eebdbec',
  );
  assert.equal(
    expectedDigestResponse({ ...common, algorithm: 'SHA-256', response: '' }, 'Circle of Life', 'GET', hash),
    '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
  );
});

test('an Authorization header made by our SIP client reads back and verifies', () => {
  const [sha] = digestChallenges('Deskphone Provisioner', 'n0nce.abc', 'op', false);
  const challenge = parseChallenge(sha as string)!;
  assert.equal(challenge.algorithm, 'SHA-256');
  const header = digestAuthorization(
    {
      challenge: { ...challenge, algorithm: 'SHA-256' },
      username: 'site1',
      password: 'pa ss"word',
      method: 'GET',
      uri: '/p/x/ACC.cfg',
      cnonce: 'c1',
      nc: 1,
    },
    hash,
  );
  const answer = parseDigestAuthorization(header)!;
  assert.equal(answer.username, 'site1');
  assert.equal(answer.uri, '/p/x/ACC.cfg');
  assert.equal(expectedDigestResponse(answer, 'pa ss"word', 'GET', hash), answer.response);
  assert.notEqual(expectedDigestResponse(answer, 'wrong', 'GET', hash), answer.response);
});

test('malformed Authorization headers are refused, not thrown on', () => {
  for (const bad of [
    '',
    'Basic dXNlcjpwYXNz',
    'Digest',
    'Digest username="a"',
    'Digest username="a", realm="r", nonce="n", uri="/", response="zz"',
    'Digest username="a", realm="r", nonce="n", uri="/", response="ab", algorithm=SHA-512',
    'Digest username="a", username="b", realm="r", nonce="n", uri="/", response="ab"',
    'Digest username="a", realm="r", nonce="n", uri="/", response="ab", qop=auth',
    'Digest username="a" realm="r"',
    'Digest ' + 'a=b, '.repeat(1000),
    'Digest username="\u0000", realm="r", nonce="n", uri="/", response="ab", junk',
  ]) {
    assert.equal(parseDigestAuthorization(bad), undefined, bad.slice(0, 60));
  }
  assert.ok(parseDigestAuthorization('Digest username="a", realm="r", nonce="n", uri="/", response="ab"'), 'RFC 2069 form');
});
