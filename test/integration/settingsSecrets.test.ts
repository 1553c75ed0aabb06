/**
 * The AMI secret and the digest passwords never leave the backend through the admin API, the
 * event stream or the log: the settings come back with '' and a flag; a patch that leaves a
 * secret blank (or sends back what it read) keeps it, one that types a new one replaces it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { ApiError } from '../../shared/api/client';
import type { SettingsPatch } from '../../shared/domain/settings';
import { enroll } from '../../electron/sim/enroll';
import { createLogger } from '../../electron/backend/log';
import { digestAuthorization, parseChallenge, type DigestAlgorithm } from '../../shared/sip/digest';
import { startTestBackend, type TestBackend } from '../support/backend';
import { readEvents, type EventReader } from '../support/events';

const AMI_SECRET = 'ami-Secret-4711';
const DIGEST_OLD = 'digest-old-pass';
const DIGEST_NEW = 'digest-new-pass';

let backend: TestBackend;
let fileUrl: string;
const logLines: string[] = [];
let stream: EventReader | undefined;

const hash = (alg: DigestAlgorithm, text: string) =>
  createHash(alg === 'MD5' ? 'md5' : 'sha256')
    .update(text)
    .digest('hex');

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; challenges: string[] }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, headers }, (res) => {
      const challenges = res.rawHeaders.filter((_, i) => i % 2 === 1 && res.rawHeaders[i - 1]?.toLowerCase() === 'www-authenticate');
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, challenges }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The status of ACC.cfg fetched with this digest password (after the 401 challenge). */
async function fetchAccWith(password: string): Promise<number> {
  const first = await get(fileUrl);
  assert.equal(first.status, 401);
  const challenge = first.challenges.map((c) => parseChallenge(c)!).find((c) => c.algorithm === 'SHA-256')!;
  const authorization = digestAuthorization(
    {
      challenge: { ...challenge, algorithm: 'SHA-256' },
      username: 'phones',
      password,
      method: 'GET',
      uri: new URL(fileUrl).pathname,
      cnonce: 'c0ffee',
      nc: 1,
    },
    hash,
  );
  return (await get(fileUrl, { Authorization: authorization })).status;
}

/** The raw JSON text of GET /api/v1/settings, as any client would read it. */
async function rawSettings(): Promise<string> {
  const res = await fetch(backend.adminUrl + '/api/v1/settings', { headers: { Authorization: `Bearer ${backend.adminToken}` } });
  assert.equal(res.status, 200);
  return res.text();
}

const stored = () => backend.ctx.store.state.settings;

before(async () => {
  backend = await startTestBackend({ httpsPort: false, logger: createLogger((line) => logLines.push(line), 'debug') });
  const [phone] = await enroll(backend.api, { count: 1 });
  fileUrl = (await backend.api.getPhone({ params: { mac: phone!.mac } })).provisioningUrl + 'ACC.cfg';
  // Everything the event stream says while the test runs, as the UI would get it.
  stream = await readEvents(backend);
  const saved = await backend.api.updateSettings({
    body: {
      pbx: { amiHost: '127.0.0.1', amiPort: 1, amiUser: 'dp', amiSecret: AMI_SECRET },
      security: { digestAuth: true, digestCredentials: [{ site: '', username: 'phones', password: DIGEST_OLD }] },
    },
  });
  // The answer to the patch that set them does not echo them either.
  assert.equal(saved.pbx.amiSecret, '');
  assert.equal(saved.security.digestCredentials[0]?.password, '');
});

after(async () => {
  stream?.close();
  await backend.cleanup();
});

test('GET settings shows that the secrets are set, never what they are', async () => {
  const text = await rawSettings();
  assert.ok(!text.includes(AMI_SECRET), 'no AMI secret in the settings');
  assert.ok(!text.includes(DIGEST_OLD), 'no digest password in the settings');
  const settings = await backend.api.getSettings();
  assert.equal(settings.pbx.amiSecret, '');
  assert.equal(settings.pbx.amiSecretSet, true);
  assert.deepEqual(settings.security.digestCredentials, [{ site: '', username: 'phones', password: '', passwordSet: true }]);
  // Still there, behind the API.
  assert.equal(stored().pbx.amiSecret, AMI_SECRET);
  assert.equal(await fetchAccWith(DIGEST_OLD), 200);
});

test('sending back what GET returned keeps both secrets', async () => {
  const view = await backend.api.getSettings();
  await backend.api.updateSettings({ body: view as SettingsPatch });
  assert.equal(stored().pbx.amiSecret, AMI_SECRET);
  assert.equal(stored().security.digestCredentials[0]?.password, DIGEST_OLD);
  assert.equal(await fetchAccWith(DIGEST_OLD), 200, 'the phone still gets in with the old password');
});

test('a patch without the secrets, or with them blank, keeps them', async () => {
  await backend.api.updateSettings({ body: { pbx: { amiHost: '127.0.0.2' } } });
  await backend.api.updateSettings({ body: { pbx: { amiSecret: '' } } });
  assert.equal(stored().pbx.amiSecret, AMI_SECRET);
  assert.equal(stored().pbx.amiHost, '127.0.0.2');
  // The digest row sent again without its password, or with it blank: the one saved for that site stays.
  await backend.api.updateSettings({ body: { security: { digestCredentials: [{ site: '', username: 'phones' }] } } });
  await backend.api.updateSettings({ body: { security: { digestCredentials: [{ site: '', username: 'phones', password: '' }] } } });
  assert.equal(await fetchAccWith(DIGEST_OLD), 200);
});

test('a new secret replaces the old one; null removes the AMI secret', async () => {
  await backend.api.updateSettings({ body: { security: { digestCredentials: [{ site: '', username: 'phones', password: DIGEST_NEW }] } } });
  assert.equal(await fetchAccWith(DIGEST_OLD), 401, 'the old password no longer works');
  assert.equal(await fetchAccWith(DIGEST_NEW), 200);
  await backend.api.updateSettings({ body: { pbx: { amiSecret: 'ami-replaced-1' } } });
  assert.equal(stored().pbx.amiSecret, 'ami-replaced-1');
  const cleared = await backend.api.updateSettings({ body: { pbx: { amiSecret: null } } });
  assert.equal(cleared.pbx.amiSecretSet, false);
  assert.equal(stored().pbx.amiSecret, '');
});

test('a new digest row without a password, or two rows for one site, are refused and change nothing', async () => {
  const before = JSON.stringify(stored());
  for (const digestCredentials of [
    [
      { site: '', username: 'phones' },
      { site: 'North', username: 'north' },
    ],
    [
      { site: 'North', username: 'north', password: 'north-pass-1' },
      { site: 'North', username: 'north2', password: 'north-pass-2' },
    ],
  ]) {
    await assert.rejects(
      backend.api.updateSettings({ body: { security: { digestCredentials } } }),
      (e: unknown) => e instanceof ApiError && e.status === 400 && e.body.code === 'validation_failed' && /site "North"/.test(e.message),
    );
  }
  assert.equal(JSON.stringify(stored()), before);
});

test('neither the event stream nor the log ever carried a secret', async () => {
  // Everything published so far has reached the stream once a marker published after it has.
  const marker = stream!.events.length;
  backend.ctx.bus.publish({ type: 'phones-changed', macs: ['end-of-test-marker'] });
  await stream!.next('the marker event', (e) => e.type === 'phones-changed' && e.macs.includes('end-of-test-marker'), { from: marker });
  const events = stream!.text();
  assert.match(events, /settings-changed/, 'the stream was read');
  for (const secret of [AMI_SECRET, DIGEST_OLD, DIGEST_NEW, 'ami-replaced-1']) {
    assert.ok(!events.includes(secret), `event stream free of ${secret}`);
    assert.ok(!logLines.some((l) => l.includes(secret)), `log free of ${secret}`);
  }
});
