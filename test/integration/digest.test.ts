/** HTTP digest per site on the provisioning files: MD5 and SHA-256, wrong answers refused and counted. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { enroll } from '../../electron/sim/enroll';
import { digestAuthorization, parseChallenge, type DigestAlgorithm } from '../../shared/sip/digest';
import { getWithChallenges as get } from '../support/rawGet';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
let base: string;
let otherSite: string;

const hash = (alg: DigestAlgorithm, text: string) =>
  createHash(alg === 'MD5' ? 'md5' : 'sha256')
    .update(text)
    .digest('hex');

before(async () => {
  backend = await startTestBackend({ httpsPort: false });
  const [a, b] = await enroll(backend.api, { count: 2 });
  await backend.api.updatePhone({ params: { mac: a!.mac }, body: { site: 'North' } });
  await backend.api.updatePhone({ params: { mac: b!.mac }, body: { site: 'South' } });
  base = (await backend.api.getPhone({ params: { mac: a!.mac } })).provisioningUrl;
  otherSite = (await backend.api.getPhone({ params: { mac: b!.mac } })).provisioningUrl;
  await backend.api.updateSettings({
    body: { security: { digestAuth: true, digestCredentials: [{ site: 'North', username: 'north', password: 'n0rth-secret' }] } },
  });
});
after(async () => {
  await backend.cleanup();
});

async function fetchWithDigest(url: string, alg: DigestAlgorithm, username: string, password: string) {
  const first = await get(url);
  assert.equal(first.status, 401);
  assert.doesNotMatch(first.body, /account\./);
  const challenge = first.challenges.map((c) => parseChallenge(c)!).find((c) => c.algorithm === alg)!;
  assert.ok(challenge, `a ${alg} challenge among ${first.challenges.join(' | ')}`);
  const authorization = digestAuthorization(
    { challenge: { ...challenge, algorithm: alg }, username, password, method: 'GET', uri: new URL(url).pathname, cnonce: 'abc123', nc: 1 },
    hash,
  );
  return get(url, { Authorization: authorization });
}

test('without credentials a phone gets the challenges, SHA-256 first, and nothing else', async () => {
  const answer = await get(base + 'ACC.cfg');
  assert.equal(answer.status, 401);
  assert.equal(answer.challenges.length, 2);
  assert.match(answer.challenges[0]!, /^Digest realm="Deskphone Provisioner", qop="auth", algorithm=SHA-256, nonce="/);
  assert.match(answer.challenges[1]!, /algorithm=MD5/);
});

test('the right user name and password get the file, with SHA-256 and with MD5', async () => {
  for (const alg of ['SHA-256', 'MD5'] as const) {
    const answer = await fetchWithDigest(base + 'ACC.cfg', alg, 'north', 'n0rth-secret');
    assert.equal(answer.status, 200, `${alg}: ${answer.body}`);
    assert.match(answer.body, /account\.1\./);
  }
});

test('a wrong password, a wrong user, or an answer for another file are refused and logged', async () => {
  assert.equal((await fetchWithDigest(base + 'ACC.cfg', 'SHA-256', 'north', 'guess')).status, 401);
  assert.equal((await fetchWithDigest(base + 'ACC.cfg', 'MD5', 'south', 'n0rth-secret')).status, 401);
  // An Authorization computed for BTN.cfg replayed on ACC.cfg: the uri does not match.
  const first = await get(base + 'BTN.cfg');
  const challenge = parseChallenge(first.challenges[0]!)!;
  const forBtn = digestAuthorization(
    {
      challenge: { ...challenge, algorithm: 'SHA-256' },
      username: 'north',
      password: 'n0rth-secret',
      method: 'GET',
      uri: new URL(base + 'BTN.cfg').pathname,
      cnonce: 'x',
      nc: 1,
    },
    hash,
  );
  const replay = await get(base + 'ACC.cfg', { Authorization: forBtn });
  assert.equal(replay.status, 401);
  assert.doesNotMatch(replay.body, /account\./);
  const failed = await backend.api.auditLog({ query: { reason: 'digest_failed' } });
  assert.ok(failed.length >= 3, `${failed.length} failures logged`);
  assert.ok(
    failed.every((e) => !/n0rth|guess|response=/.test(JSON.stringify(e))),
    'no credentials in the log',
  );
});

test('a phone of a site with no credentials is refused with a hint, until a catch-all row exists', async () => {
  const answer = await get(otherSite + 'ACC.cfg');
  assert.equal(answer.status, 403);
  assert.match(JSON.parse(answer.body).error.hint, /site "South"/);
  await backend.api.updateSettings({
    body: {
      security: {
        digestCredentials: [
          { site: 'North', username: 'north', password: 'n0rth-secret' },
          { site: '', username: 'any', password: 'catch-all-1' },
        ],
      },
    },
  });
  assert.equal((await fetchWithDigest(otherSite + 'ACC.cfg', 'SHA-256', 'any', 'catch-all-1')).status, 200);
  // Other settings were left as they were by the patch.
  const settings = await backend.api.getSettings();
  assert.equal(settings.security.digestAuth, true);
  assert.equal(settings.security.lockAfterRegistration, true);
});
