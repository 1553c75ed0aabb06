/**
 * Locks: an address guessing tokens or MACs is locked out, a phone on another address is not;
 * a phone that registered gets its secret files refused until the technician re-opens it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { enroll } from '../../electron/sim/enroll';
import { VirtualPhone } from '../../electron/sim/virtualPhone';
import { recordStep } from '../../electron/backend/usecases/timeline';
import type { PhoneIdentity } from '../../electron/sim/virtualPhone';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
let phones: PhoneIdentity[];

before(async () => {
  backend = await startTestBackend({ httpsPort: false });
  phones = await enroll(backend.api, { count: 3 });
  await backend.api.updateSettings({ body: { security: { lockoutMaxFailures: 10, lockoutWindowSeconds: 60, lockoutSeconds: 120 } } });
});
after(async () => {
  await backend.cleanup();
});

/** GET from a chosen loopback source address (127.0.0.0/8 is all this machine's). */
function get(
  url: string,
  from: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, localAddress: from, headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function randomToken(i: number): string {
  return `guess${i.toString().padStart(4, '0')}${'A'.repeat(27)}`;
}

test('token guessing from one address gets it locked out; a phone on another address is unaffected', async () => {
  const attacker = '127.0.0.2';
  const statuses: number[] = [];
  for (let i = 0; i < 30; i++) statuses.push((await get(`${backend.deviceBaseUrl}/p/${randomToken(i)}/ACC.cfg`, attacker)).status);
  const firstLocked = statuses.indexOf(429);
  console.log(`lockout: ${statuses.filter((s) => s === 404).length} guesses answered 404, then 429 from guess ${firstLocked + 1}`);
  assert.ok(firstLocked >= 10 && firstLocked <= 11, `locked after the 10 allowed failures: ${statuses.join(',')}`);
  assert.ok(
    statuses.slice(firstLocked).every((s) => s === 429),
    'stays locked',
  );

  // Locked means locked: not even a valid token or the RPS answers, so guessing cannot go on.
  const view = await backend.api.getPhone({ params: { mac: phones[0]!.mac } });
  const locked = await get(`${view.provisioningUrl}ACC.cfg`, attacker);
  assert.equal(locked.status, 429);
  assert.match(JSON.parse(locked.body).error.message, /Too many failed attempts/);
  assert.ok(Number(locked.headers['retry-after']) > 0);
  assert.doesNotMatch(locked.body, /account\.|#!version/);

  // A phone on another address walks steps 1 to 6 as if nothing happened.
  const result = await new VirtualPhone(phones[1]!, { rpsUrl: backend.rpsUrl }).provision();
  assert.equal(result.ok, true, result.reason);

  const lockouts = await backend.api.lockouts();
  assert.deepEqual(
    lockouts.map((l) => l.address),
    [attacker],
  );
  const audit = await backend.api.auditLog({ query: { ip: attacker, limit: 100 } });
  assert.ok(audit.some((e) => e.reason === 'unknown_token'));
  assert.ok(audit.some((e) => e.reason === 'locked_out'));
  assert.ok(
    audit.every((e) => !JSON.stringify(e).includes('guess0')),
    'no guessed token in the log',
  );

  await backend.api.clearLockouts();
  assert.equal((await get(`${view.provisioningUrl}ACC.cfg`, attacker)).status, 200);
});

test('MAC and serial guessing at the RPS count too', async () => {
  const attacker = '127.0.0.3';
  let status = 0;
  let n = 0;
  for (; n < 20 && status !== 429; n++) {
    status = (await get(`${backend.rpsUrl}?mac=00156500${n.toString(16).padStart(4, '0')}&serial=X${n}`, attacker)).status;
  }
  assert.equal(status, 429, 'unknown MACs lock the address out');
  await backend.api.clearLockouts();
  status = 0;
  for (n = 0; n < 20 && status !== 429; n++)
    status = (await get(`${backend.rpsUrl}?mac=${phones[2]!.mac}&serial=WRONG${n}`, attacker)).status;
  assert.equal(status, 429, 'wrong serials lock the address out');
  const audit = await backend.api.auditLog({ query: { ip: attacker, reason: 'bad_serial' } });
  // Identical refusals in a row are one entry with a count.
  assert.ok(audit.reduce((n, e) => n + (e.repeats ?? 1), 0) >= 9);
  await backend.api.clearLockouts();
});

/**
 * Records step 7 (as the AMI registration monitor does) and waits for the lock it causes: the
 * phone's change events, until the phone reads as locked (no guessed delay).
 */
async function lockedByRegistration(mac: string) {
  let changed: () => void = () => undefined;
  const off = backend.ctx.bus.subscribe((e) => {
    if (e.type === 'phones-changed' && e.macs.includes(mac)) changed();
  });
  try {
    recordStep(backend.ctx, { mac, step: 7, outcome: 'ok', ip: '127.0.0.1', userAgent: 'test', file: 'sip:1002@127.0.0.1' });
    for (;;) {
      const next = new Promise<void>((r) => (changed = r));
      const view = await backend.api.getPhone({ params: { mac } });
      if (view.lockedAt) return view;
      await next;
    }
  } finally {
    off();
  }
}

test('a registered phone gets no secret files until the technician re-opens it', { timeout: 15_000 }, async () => {
  const phone = phones[2]!;
  const first = await new VirtualPhone(phone, { rpsUrl: backend.rpsUrl }).provision();
  assert.equal(first.ok, true, first.reason);
  // Step 7, as the AMI registration monitor records it.
  const view = await lockedByRegistration(phone.mac);
  assert.ok(view.lockedAt, 'locked once registered');

  const acc = await get(`${view.provisioningUrl}ACC.cfg`, '127.0.0.1');
  assert.equal(acc.status, 403);
  assert.match(JSON.parse(acc.body).error.hint, /Re-open the phone/);
  assert.doesNotMatch(acc.body, /account\./);
  // Files without secrets still come: the phone can boot and keep its keys.
  assert.equal((await get(`${view.provisioningUrl}BTN.cfg`, '127.0.0.1')).status, 200);
  const timeline = await backend.api.timeline({ params: { mac: phone.mac } });
  assert.match([...timeline].reverse().find((e) => e.outcome === 'failed')?.reason ?? '', /locked.*Re-open the phone/s);
  assert.ok((await backend.api.auditLog({ query: { mac: phone.mac, reason: 'phone_locked' } })).length >= 1);

  const reopened = await backend.api.reopenPhone({ params: { mac: phone.mac } });
  assert.equal(reopened.lockedAt, undefined);
  const again = await new VirtualPhone(phone, { rpsUrl: backend.rpsUrl }).provision();
  assert.equal(again.ok, true, again.reason);
  const served = await backend.api.auditLog({ query: { mac: phone.mac, outcome: 'served', kind: 'file' } });
  assert.ok(served.some((e) => e.what === 'ACC.cfg'));
  assert.ok(served.every((e) => !/password|token/i.test(JSON.stringify(e))));

  // The lock is a setting: turned off, a registered phone fetches as before.
  assert.ok((await lockedByRegistration(phone.mac)).lockedAt, 'locked again');
  await backend.api.updateSettings({ body: { security: { lockAfterRegistration: false } } });
  assert.equal((await get(`${view.provisioningUrl}ACC.cfg`, '127.0.0.1')).status, 200);
  await backend.api.updateSettings({ body: { security: { lockAfterRegistration: true } } });
});
