/**
 * Digest answers cannot be replayed (issue 15): the same Authorization is accepted once, a nonce's
 * count (nc) must be new, a nonce issued for another phone is refused, and a stale nonce gets 401
 * with stale=true and a fresh challenge the phone answers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { enroll } from '../../electron/sim/enroll';
import { digestAuthorization, parseChallenge } from '../../shared/sip/digest';
import { getWithChallenges as get } from '../support/rawGet';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
let urlA: string;
let urlB: string;

const sha256 = (_alg: string, text: string) => createHash('sha256').update(text).digest('hex');

before(async () => {
  backend = await startTestBackend({ httpsPort: false });
  const [a, b] = await enroll(backend.api, { count: 2, start: 800 });
  urlA = (await backend.api.getPhone({ params: { mac: a!.mac } })).provisioningUrl;
  urlB = (await backend.api.getPhone({ params: { mac: b!.mac } })).provisioningUrl;
  await backend.api.updateSettings({
    body: { security: { digestAuth: true, digestCredentials: [{ site: '', username: 'phones', password: 'replay-secret' }] } },
  });
});
after(async () => {
  await backend.cleanup();
});

async function challengeFor(url: string) {
  const first = await get(url);
  assert.equal(first.status, 401);
  const challenge = parseChallenge(first.challenges[0]!);
  assert.ok(challenge);
  return challenge;
}

function answer(challenge: NonNullable<ReturnType<typeof parseChallenge>>, url: string, nc: number): string {
  return digestAuthorization(
    {
      challenge: { ...challenge, algorithm: 'SHA-256' },
      username: 'phones',
      password: 'replay-secret',
      method: 'GET',
      uri: new URL(url).pathname,
      cnonce: 'c0ffee',
      nc,
    },
    sha256,
  );
}

test('the same Authorization is accepted once; sent again (5 times) it is refused and logged as a replay', async () => {
  const challenge = await challengeFor(urlA + 'ACC.cfg');
  const authorization = answer(challenge, urlA + 'ACC.cfg', 1);
  assert.equal((await get(urlA + 'ACC.cfg', { Authorization: authorization })).status, 200);
  for (let i = 0; i < 5; i++) {
    const again = await get(urlA + 'ACC.cfg', { Authorization: authorization });
    assert.equal(again.status, 401);
    assert.doesNotMatch(again.body, /account\./);
    assert.match(again.challenges[0] ?? '', /stale=true/, 'a fresh challenge to answer');
  }
  const replays = await backend.api.auditLog({ query: { reason: 'digest_replayed' } });
  assert.ok(replays.length >= 1, 'logged as a replay');
  assert.ok(replays.every((e) => e.outcome === 'refused'));
});

test("the nonce's count must be new: nc 2 and 3 are served, nc 2 again is not", async () => {
  const challenge = await challengeFor(urlA + 'BTN.cfg');
  assert.equal((await get(urlA + 'BTN.cfg', { Authorization: answer(challenge, urlA + 'BTN.cfg', 2) })).status, 200);
  assert.equal((await get(urlA + 'BTN.cfg', { Authorization: answer(challenge, urlA + 'BTN.cfg', 3) })).status, 200);
  assert.equal((await get(urlA + 'BTN.cfg', { Authorization: answer(challenge, urlA + 'BTN.cfg', 2) })).status, 401);
});

test("a nonce issued for another phone is refused, even with the right password and this phone's URI", async () => {
  const forB = await challengeFor(urlB + 'ACC.cfg');
  const refused = await get(urlA + 'ACC.cfg', { Authorization: answer(forB, urlA + 'ACC.cfg', 1) });
  assert.equal(refused.status, 401);
  assert.doesNotMatch(refused.challenges[0] ?? '', /stale=true/);
  assert.doesNotMatch(refused.body, /account\./);
});

test('a stale nonce gets 401 with stale=true; the new challenge is answered', async () => {
  const nonces = backend.ctx.services.security.nonces;
  const old = await challengeFor(urlA + 'ACC.cfg');
  const lifetime = nonces.ttlMs;
  nonces.ttlMs = -1; // every nonce issued so far is past its lifetime
  let stale;
  try {
    stale = await get(urlA + 'ACC.cfg', { Authorization: answer(old, urlA + 'ACC.cfg', 1) });
  } finally {
    nonces.ttlMs = lifetime;
  }
  assert.equal(stale.status, 401);
  assert.ok(stale.challenges.length > 0 && stale.challenges.every((c) => /stale=true/.test(c)));
  const fresh = parseChallenge(stale.challenges[0]!);
  assert.ok(fresh && fresh.nonce !== old.nonce);
  assert.equal((await get(urlA + 'ACC.cfg', { Authorization: answer(fresh, urlA + 'ACC.cfg', 1) })).status, 200);
});
