/**
 * The plug-and-play answer goes through the device listener's door: an address outside the
 * allow-list, a NOTIFY target outside it, and an address locked out for guessing MACs get no
 * URL, and each refusal is in the audit log; an address that passes gets the URL and the answer
 * is logged as an RPS answer is. The answer function is the one the UDP listener calls
 * (electron/backend/discovery/pnpAnswer.ts); nothing is sent on any network here.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerPnp } from '../../electron/backend/pnp/pnpAnswer';
import { enroll } from '../../electron/sim/enroll';
import type { PhoneIdentity } from '../../electron/sim/virtualPhone';
import { buildPnpSubscribe, readPnpSubscribe, type PnpSubscribe } from '../../shared/discovery/pnp';
import type { Mac } from '../../shared/mac';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
let phone: PhoneIdentity;
let calls = 0;

/** The SUBSCRIBE a phone at `ip` multicasts; its Contact (where the NOTIFY goes) is `contactIp`. */
function subscribe(mac: Mac, contactIp: string): PnpSubscribe {
  calls++;
  const text = buildPnpSubscribe({ mac, vendor: 'Yealink', model: 'T46U', firmware: '108.86.0.20' }, contactIp, 5060, {
    callId: `call-${calls}`,
    tag: `tag${calls}`,
    branch: `b${calls}`,
  });
  const sub = readPnpSubscribe(text);
  assert.ok(sub);
  return sub;
}

const from = (address: string) => ({ address, port: 5060 });
const auditFor = (ip: string) => backend.api.auditLog({ query: { ip, limit: 50 } });

before(async () => {
  backend = await startTestBackend({ httpsPort: false });
  [phone] = (await enroll(backend.api, { count: 1 })) as [PhoneIdentity];
});
beforeEach(async () => {
  await backend.api.updateSettings({ body: { security: { allowedSubnets: [], lockout: true } } });
  await backend.api.clearLockouts();
});
after(async () => {
  await backend.cleanup();
});

test('an address the door lets in gets the provisioning URL, logged like an RPS answer', async () => {
  const url = await answerPnp(backend.ctx, subscribe(phone.mac, '127.0.0.11'), from('127.0.0.11'));
  assert.equal(url, (await backend.api.getPhone({ params: { mac: phone.mac } })).provisioningUrl);
  const [entry] = await auditFor('127.0.0.11');
  assert.deepEqual(entry && [entry.kind, entry.mac, entry.what, entry.outcome, entry.status], [
    'rps',
    phone.mac,
    'plug-and-play SUBSCRIBE',
    'served',
    200,
  ]);
});

test('outside the allowed subnets: no URL, and the refusal is in the audit log', async () => {
  await backend.api.updateSettings({ body: { security: { allowedSubnets: ['127.0.0.0/28'] } } });
  assert.equal(await answerPnp(backend.ctx, subscribe(phone.mac, '127.0.0.200'), from('127.0.0.200')), null);
  const [entry] = await auditFor('127.0.0.200');
  assert.deepEqual(entry && [entry.kind, entry.mac, entry.outcome, entry.status, entry.reason], [
    'guard',
    phone.mac,
    'refused',
    403,
    'not_allowed',
  ]);
  // A forged source inside the list, asking for the NOTIFY to go outside it, is refused too.
  assert.equal(await answerPnp(backend.ctx, subscribe(phone.mac, '127.0.0.201'), from('127.0.0.12')), null);
  const [forged] = await auditFor('127.0.0.12');
  assert.deepEqual(forged && [forged.reason, forged.what], ['not_allowed', 'plug-and-play SUBSCRIBE, answer to 127.0.0.201']);
  // Inside the list: answered.
  assert.ok(await answerPnp(backend.ctx, subscribe(phone.mac, '127.0.0.13'), from('127.0.0.13')));
});

test('an address guessing MACs is locked out: then even a known phone from it gets nothing; other addresses are unaffected', async () => {
  await backend.api.updateSettings({ body: { security: { lockoutMaxFailures: 3, lockoutWindowSeconds: 600, lockoutSeconds: 600 } } });
  const guesser = '127.0.0.66';
  for (let i = 0; i < 4; i++) assert.equal(await answerPnp(backend.ctx, subscribe(`0015650000a${i}` as Mac, guesser), from(guesser)), null);
  const reasons = (await auditFor(guesser)).map((e) => e.reason);
  assert.ok(reasons.includes('unknown_mac'), `guesses logged: ${reasons.join(', ')}`);
  assert.ok(reasons.includes('locked_out'), 'the lock-out logged');
  assert.deepEqual(
    (await backend.api.lockouts()).map((l) => l.address),
    [guesser],
  );
  const before = (await auditFor(guesser)).length;
  assert.equal(await answerPnp(backend.ctx, subscribe(phone.mac, guesser), from(guesser)), null, 'no URL for a locked-out address');
  const logged = await auditFor(guesser);
  const [refused] = logged;
  assert.equal(logged.length, before + 1);
  assert.deepEqual(refused && [refused.kind, refused.mac, refused.outcome, refused.status, refused.reason], [
    'guard',
    phone.mac,
    'refused',
    429,
    'locked_out',
  ]);
  // A SUBSCRIBE whose NOTIFY would go to the locked-out address is refused too.
  assert.equal(await answerPnp(backend.ctx, subscribe(phone.mac, guesser), from('127.0.0.67')), null);
  // The phone at its own address still gets its URL.
  assert.ok(await answerPnp(backend.ctx, subscribe(phone.mac, '127.0.0.68'), from('127.0.0.68')));
});
