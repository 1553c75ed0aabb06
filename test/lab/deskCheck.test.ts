/**
 * Walking the floor against a real Asterisk 22 (the cached Debian sid chroot, loopback only): the
 * app rings virtual phones over AMI Originate into the desk-check context. One answers (and
 * Asterisk says its extension and label with its own sounds, then hangs up), one never answers, one
 * is busy, one is not registered; a real SIP user agent from Debian (baresip, auto-answer) is rung
 * and answers; a walk over 20 phones ends with the right outcome for each and the report shows them
 * tested; a test call between two phones is established and its duration reported; an AMI user
 * without the originate permission gets a message naming it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { enroll } from '../../electron/sim/enroll';
import type { PhoneIdentity } from '../../electron/sim/virtualPhone';
import { RegisteredPhones } from '../../electron/sim/sip/registerPhones';
import type { AnswerMode, CallRecord } from '../../electron/sim/sip/answer';
import { ApiError } from '../../shared/api/client';
import type { ServerEvent } from '../../shared/api/events';
import type { RingEvent, RingState, TestCallEvent } from '../../shared/pbx/ring';
import { siteReport, summarize, testedSentence } from '../../shared/report/siteReport';
import { AsteriskLab } from './asterisk/lab';
import { labUnavailableReason } from './asterisk/chroot';
import { startTestBackend, type TestBackend } from '../support/backend';
import { readEvents, type EventReader } from '../support/events';
import { until } from '../support/until';
import { skipReasonOutsideCi } from '../support/labUnderCi';

const WALK = 20;
const NEVER = 3;
const BUSY = 7;
const UNREGISTERED = 11;
const WRONG_DESK = 15;
const BARESIP_EXT = '2100';
const NO_ORIGINATE = 'dplab-noorig';
const password = (i: number) => `pw-${i}-desk`;
const ext = (i: number) => String(2000 + i);

const unavailable = skipReasonOutsideCi('Asterisk', labUnavailableReason());
const noBaresip = spawnSync('sh', ['-c', 'command -v baresip'], { encoding: 'utf8' }).status !== 0 ? 'baresip is not installed' : undefined;

let lab: AsteriskLab | undefined;
let backend: TestBackend | undefined;
let stream: EventReader | undefined;
const registered = new RegisteredPhones();
let phones: PhoneIdentity[] = [];
const calls = new Map<string, CallRecord[]>();

function behaviour(i: number): AnswerMode {
  if (i === NEVER) return { mode: 'never' };
  if (i === BUSY) return { mode: 'busy' };
  return { mode: 'answer', delayMs: 300 };
}

before(async () => {
  if (unavailable) return;
  backend = await startTestBackend();
  stream = await readEvents(backend);
  lab = await AsteriskLab.start({
    endpoints: [
      ...Array.from({ length: WALK }, (_, i) => ({ userName: ext(i), password: password(i) })),
      { userName: BARESIP_EXT, password: 'baresip-pw' },
    ],
    qualifyFrequency: 30,
    // baresip 1.0 (libre) knows only MD5 digest and gives up on a SHA-256 challenge beside it.
    algorithms: ['MD5'],
    // The same rights as the lab's user but `originate`: what ringing says when the permission is missing.
    extraAmiUsers: [
      {
        user: NO_ORIGINATE,
        secret: 'no-originate-pw',
        read: 'system,call,reporting,security,config',
        write: 'system,call,reporting,config',
      },
    ],
  });
  await backend.api.updateSettings({ body: { pbx: lab.pbxSettings() } });
  phones = await enroll(backend.api, { count: WALK, password, firstExtension: 2000, sipHost: lab.sipHost, sipPort: lab.sipPort });
  const toRegister = phones
    .map((p, i) => ({
      mac: p.mac,
      userAgent: 'Yealink SIP-T46U 108.86.0.20',
      accounts: [
        {
          line: 1,
          userName: ext(i),
          authName: ext(i),
          password: password(i),
          server: lab!.sipHost,
          port: lab!.sipPort,
          transport: 'udp',
          expires: 300,
        },
      ],
    }))
    .filter((_, i) => i !== UNREGISTERED);
  const index = new Map(phones.map((p, i) => [p.mac as string, i]));
  const outcomes = await registered.registerAll(toRegister, {
    answer: (mac) => behaviour(index.get(mac) ?? 0),
    onCall: (mac, call) => {
      const list = calls.get(mac) ?? [];
      if (!list.includes(call)) list.push(call);
      calls.set(mac, list);
    },
  });
  assert.deepEqual(
    outcomes.filter((o) => !o.outcome.ok),
    [],
  );
  await until('the AMI link with every contact', 15_000, async () => {
    const view = await backend!.api.pbxRegistrations();
    return view.synced && view.contacts.length >= WALK - 1 ? true : undefined;
  });
});

after(async () => {
  stream?.close();
  await registered.closeAll();
  await backend?.cleanup();
  await lab?.stop();
});

const isRing = (callId: string, state?: RingState) => (e: ServerEvent) =>
  e.type === 'ring' && e.callId === callId && (state === undefined || e.state === state);
const FINAL: ReadonlySet<string> = new Set(['answered', 'no-answer', 'busy', 'failed']);

async function ringAndWait(mac: string, timeoutSeconds = 5): Promise<{ events: RingEvent[]; final: RingEvent }> {
  const from = stream!.events.length;
  const { callId } = await backend!.api.ringPhone({ params: { mac }, body: { timeoutSeconds } });
  const final = (await stream!.next(`ring ${mac} to end`, (e) => isRing(callId)(e) && FINAL.has((e as RingEvent).state), {
    from,
    timeoutMs: (timeoutSeconds + 20) * 1000,
  })) as RingEvent;
  const events = stream!.events.slice(from).filter((e): e is RingEvent => isRing(callId)(e));
  return { events, final };
}

/** A WAV file of silence, 16-bit mono PCM at `rate` Hz (baresip's aufile source; ausine wants 48 kHz). */
function silentWav(rate: number, seconds: number): Buffer {
  const data = rate * seconds * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(data, 40);
  return b;
}

/** A path inside the chroot, following symbolic links as Asterisk inside it would (sounds/en -> /etc/alternatives/...). */
function inChroot(path: string): string {
  let host = join(lab!.chroot, path);
  for (let i = 0; i < 8; i++) {
    let target: string;
    try {
      target = readlinkSync(host);
    } catch {
      return host;
    }
    host = isAbsolute(target) ? join(lab!.chroot, target) : join(dirname(host), target);
  }
  return host;
}

test('the chroot has the core sounds the desk-check context plays', { skip: unavailable }, () => {
  const sounds = inChroot('usr/share/asterisk/sounds/en');
  for (const file of ['extension.gsm', 'goodbye.gsm', 'digits/2.gsm', 'letters/d.gsm']) {
    assert.ok(existsSync(join(sounds, file)), `${file} (asterisk-core-sounds-en-gsm) is in the chroot`);
  }
});

test('a phone that answers: ringing, answered; Asterisk announces it and hangs up', { skip: unavailable }, async () => {
  const mac = phones[0]!.mac;
  const { events, final } = await ringAndWait(mac);
  assert.deepEqual(
    events.map((e) => e.state),
    ['ringing', 'answered'],
  );
  assert.equal(final.cause, undefined);
  const call = calls.get(mac)?.at(-1);
  assert.ok(call, 'the virtual phone was offered the call');
  assert.match(call.from, /"Desk check"\s*<sip:2000@/, 'caller ID "Desk check <ext>"');
  // The announcement (extension, digits, the label spelt, goodbye) ends with Asterisk's BYE.
  await until('Asterisk to hang up after the announcement', 30_000, async () => (call.state === 'ended' ? true : undefined));
  const log = await lab!.log();
  assert.doesNotMatch(log, /Playback failed|Unable to open file|File \S+ does not exist/i, 'every sound played');
});

test('a phone that never answers: no-answer after the timeout, with the cause', { skip: unavailable }, async () => {
  const { events, final } = await ringAndWait(phones[NEVER]!.mac, 5);
  assert.deepEqual(
    events.map((e) => e.state),
    ['ringing', 'no-answer'],
  );
  assert.ok(final.cause && final.cause.length > 0, 'a cause in words');
});

test('a busy phone: busy, with Asterisk\'s cause "User busy"', { skip: unavailable }, async () => {
  const { final } = await ringAndWait(phones[BUSY]!.mac);
  assert.deepEqual([final.state, final.cause], ['busy', 'User busy']);
});

test('a phone that is not registered: failed, with the cause', { skip: unavailable }, async () => {
  const { events, final } = await ringAndWait(phones[UNREGISTERED]!.mac);
  assert.deepEqual(
    events.map((e) => e.state),
    ['failed'],
  );
  assert.equal(final.cause, `Not registered: the PBX has no contact for ${ext(UNREGISTERED)}`);
});

test('ringing a phone that is already ringing is refused with 409', { skip: unavailable }, async () => {
  const mac = phones[NEVER]!.mac;
  const from = stream!.events.length;
  const { callId } = await backend!.api.ringPhone({ params: { mac }, body: { timeoutSeconds: 5 } });
  await assert.rejects(
    backend!.api.ringPhone({ params: { mac }, body: {} }),
    (e: ApiError) => e.status === 409 && /already/.test(e.message),
  );
  await stream!.next('the first ring to end', (e) => isRing(callId, 'no-answer')(e), { from, timeoutMs: 25_000 });
});

test('a walk over 20 phones ends with the right outcome for each, and the report shows them tested', { skip: unavailable }, async () => {
  const api = backend!.api;
  const expected = (i: number): RingState => (i === NEVER ? 'no-answer' : i === BUSY ? 'busy' : i === UNREGISTERED ? 'failed' : 'answered');
  const outcomes: RingState[] = [];
  for (let i = 0; i < WALK; i++) {
    const mac = phones[i]!.mac;
    const { final } = await ringAndWait(mac, 5);
    outcomes.push(final.state);
    if (final.state === 'answered') {
      await api.deskCheck({
        params: { mac },
        body: i === WRONG_DESK ? { outcome: 'wrong-desk', note: 'rang on desk 16' } : { outcome: 'confirmed' },
      });
    }
  }
  assert.deepEqual(
    outcomes,
    Array.from({ length: WALK }, (_, i) => expected(i)),
  );
  const list = await api.listPhones();
  const rows = siteReport(list, await api.listAccounts());
  const byMac = new Map(rows.map((r) => [r.mac.replace(/:/g, '').toLowerCase(), r]));
  assert.match(byMac.get(phones[0]!.mac)!.tested, /^Answered at its desk/);
  assert.match(byMac.get(phones[WRONG_DESK]!.mac)!.tested, /^Wrong desk: rang on desk 16/);
  assert.equal(byMac.get(phones[BUSY]!.mac)!.tested, '');
  assert.equal(testedSentence(summarize(rows)), '16 of 20 phones answered at their desk');
  const timeline = await api.timeline({ params: { mac: phones[WRONG_DESK]!.mac } });
  assert.deepEqual(timeline.at(-1)?.detail, { deskCheck: 'wrong-desk', note: 'rang on desk 16', ring: 'answered' });
});

test('a test call between two phones: established, then ended with its duration', { skip: unavailable }, async () => {
  const from = stream!.events.length;
  const [a, b] = [phones[1]!.mac, phones[2]!.mac];
  const { callId } = await backend!.api.testCall({ params: { mac: a }, body: { toMac: b, holdSeconds: 2, timeoutSeconds: 10 } });
  const isCall = (e: ServerEvent): e is TestCallEvent => e.type === 'test-call' && e.callId === callId;
  const end = (await stream!.next('the test call to end', (e) => isCall(e) && (e.state === 'ended' || e.state === 'failed'), {
    from,
    timeoutMs: 30_000,
  })) as TestCallEvent;
  const states = stream!.events.slice(from).filter(isCall);
  assert.deepEqual(
    states.map((e) => e.state),
    ['calling', 'established', 'ended'],
    JSON.stringify(states),
  );
  assert.ok(end.durationSeconds !== undefined && end.durationSeconds >= 1.5 && end.durationSeconds < 10, `duration ${end.durationSeconds}`);
  await until('B to be hung up', 5000, async () => (calls.get(b)?.at(-1)?.state === 'ended' ? true : undefined));
});

test('baresip (Debian, auto-answer, loopback only) is rung and answers', { skip: unavailable ?? noBaresip }, async () => {
  const api = backend!.api;
  const account = await api.createAccount({
    body: {
      label: 'Reception',
      displayName: 'Reception',
      userName: BARESIP_EXT,
      password: 'baresip-pw',
      serverHost: lab!.sipHost,
      serverPort: lab!.sipPort,
    },
  });
  const mac = '02:00:00:00:21:00';
  await api.createPhone({ body: { mac, site: 'Simulated site', lines: [{ line: 1, accountId: account.id }] } });
  const dir = await mkdtemp(join(tmpdir(), 'dp-baresip-'));
  let child: ChildProcess | undefined;
  try {
    await writeFile(
      join(dir, 'config'),
      [
        // Port 0: the system picks free ports for UDP, TCP and TLS (baresip opens all three).
        'sip_listen 127.0.0.1:0',
        'net_interface 127.0.0.1',
        'dns_server 127.0.0.1:53',
        'module_path /usr/lib/baresip/modules',
        'module g711.so',
        'module aufile.so',
        'module account.so',
        'module menu.so',
        `audio_source aufile,${join(dir, 'say.wav')}`,
        'audio_alert aufile,/dev/null',
        'rtp_ports 31000-31999',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'accounts'),
      `<sip:${BARESIP_EXT}@${lab!.sipHost}:${lab!.sipPort}>;auth_pass=baresip-pw;answermode=auto;regint=300\n`,
    );
    await writeFile(join(dir, 'contacts'), '');
    await writeFile(join(dir, 'say.wav'), silentWav(8000, 30));
    child = spawn('baresip', ['-f', dir], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-400_000)));
    child.stderr?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-400_000)));
    await until('baresip to register', 15_000, async () => {
      const view = await api.pbxRegistrations();
      return view.contacts.some((c) => c.endpoint === BARESIP_EXT) ? true : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${out.slice(-4000)}`);
    });
    const { final } = await ringAndWait(mac, 10);
    assert.equal(final.state, 'answered', out.slice(-4000));
    // Asterisk's announcement reaches baresip as RTP, then Asterisk hangs up (baresip's own source lasts 30 s).
    await until('Asterisk to hang up on baresip', 30_000, async () => (/Call with \S+ terminated/.test(out) ? true : undefined)).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${out.slice(-4000)}`);
      },
    );
    assert.match(out, /incoming rtp for 'audio' established/, 'Asterisk sent baresip audio (the announcement)');
  } finally {
    child?.kill('SIGTERM');
    if (child && child.exitCode === null) await new Promise((r) => child!.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
});

test(
  'an AMI user without the originate permission: the ring is refused naming it, and the connection test says what to add',
  { skip: unavailable },
  async () => {
    const api = backend!.api;
    const test = await api.pbxTest({ body: {} });
    assert.equal(test.ring?.allowed, true);
    assert.equal(test.ring?.contextFound, true, 'the lab has the desk-check context');
    const limited = await api.pbxTest({ body: { amiUser: NO_ORIGINATE, amiSecret: 'no-originate-pw' } });
    assert.equal(limited.ok, true);
    assert.equal(limited.ring?.allowed, false);
    assert.match(limited.ring?.hint ?? '', /originate.*manager\.conf/);
    await api.updateSettings({ body: { pbx: { amiUser: NO_ORIGINATE, amiSecret: 'no-originate-pw' } } });
    await until('the link as the limited user', 10_000, async () => ((await api.pbxRegistrations()).synced ? true : undefined));
    await assert.rejects(
      api.ringPhone({ params: { mac: phones[0]!.mac }, body: {} }),
      (e: ApiError) =>
        e.status === 502 && e.body.code === 'pbx_refused' && /originate/.test(e.message) && /manager\.conf/.test(e.hint ?? ''),
    );
    await api.updateSettings({ body: { pbx: { amiUser: lab!.amiUser, amiSecret: lab!.amiSecret } } });
  },
);
