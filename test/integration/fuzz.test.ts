/**
 * Fuzz of the device-facing routes: at least 10,000 malformed or hostile requests, generated from
 * a seeded PRNG (printed; DP_FUZZ_SEED=<n> replays a run), over the RPS (GET and POST) and the
 * provisioning paths of every dialect. No 5xx, no crash (a phone still walks its flow at the end),
 * and no configuration bytes to any request without valid credentials.
 * The lock-out is turned off for the run (it would lock the fuzzer out); lockout.test.ts tests it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { enroll } from '../../electron/sim/enroll';
import { VirtualPhone, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import { VENDORS } from '../../shared/vendors/registry';
import { defaultDialect } from '../../shared/dialects/default';
import { formatMac, type Mac } from '../../shared/mac';
import { startTestBackend, type TestBackend } from '../support/backend';

const REQUESTS = Number(process.env['DP_FUZZ_REQUESTS'] ?? 10_000);
const SEED = Number(process.env['DP_FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const CONCURRENCY = 24;

let backend: TestBackend;
const phones: (PhoneIdentity & { token: string; vendor: string })[] = [];
const passwords: string[] = [];

/** Mulberry32: small, fast, reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  return { next, int, pick };
}

before(async () => {
  backend = await startTestBackend({ httpsPort: false });
  const ids = await enroll(backend.api, { count: VENDORS.length + 1, password: (i) => `Fz${i}pw${(SEED + i * 7919).toString(36)}Q` });
  for (let i = 0; i < ids.length; i++) passwords.push(`Fz${i}pw${(SEED + i * 7919).toString(36)}Q`);
  const vendors = ['', ...VENDORS.map((v) => v.name)];
  for (const [i, id] of ids.entries()) {
    const vendor = vendors[i] ?? '';
    const view = await backend.api.updatePhone({ params: { mac: id.mac }, body: { vendor } });
    phones.push({ ...id, vendor, token: view.provisioningUrl.split('/p/')[1]!.replace(/\/$/, '') });
  }
  await backend.api.updateSettings({ body: { security: { lockout: false } } });
});
after(async () => {
  await backend.cleanup();
});

/** File names of every dialect for this MAC: the boot file, and the common names a dialect answers. */
function fileNames(mac: Mac): string[] {
  const upper = mac.toUpperCase();
  const candidates = [
    `${mac}.cfg`,
    `${upper}.cfg`,
    `${mac}.boot`,
    `${mac}.xml`,
    `${upper}.xml`,
    `${mac}-phone.cfg`,
    `phone${mac}.cfg`,
    `cfg${mac}.xml`,
    `cfg${mac}`,
    `${mac}.htm`,
    `${mac}-directory.xml`,
    `${mac}-features.cfg`,
    'common.cfg',
    '000000000000.cfg',
    'y000000000000.boot',
    'y000000000000.cfg',
    'ACC.cfg',
    'BTN.cfg',
    'snom.htm',
  ];
  const names = new Set<string>([defaultDialect.bootFileName(mac), ...VENDORS.map((v) => v.bootFileName(mac))]);
  for (const name of candidates) if (defaultDialect.fileFor(name, mac) || VENDORS.some((v) => v.fileFor(name, mac))) names.add(name);
  return [...names];
}

const CONFIG_MARKERS = ['#!version', '<gs_provision', 'reg.1.', 'account.1.', '<P271>', 'sip_line1', 'user_pname1'];

interface Shot {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Carries valid credentials (the phone's own token and a file name): may legitimately get config. */
  credentialed: boolean;
  /** Sent as raw bytes on a socket (request lines fetch and http.request refuse to send). */
  raw?: Buffer;
}

function generator(seed: number) {
  const r = prng(seed);
  const hostileStrings = [
    '../../../../etc/passwd',
    '..%2f..%2f..%2fstore.json',
    '%2e%2e%2f%2e%2e%2fsecrets.key',
    '%00',
    'ACC.cfg%00.txt',
    '\u202e\u0644\u0627\u200b',
    '😀😀😀',
    '%c0%ae%c0%ae/',
    '%252e%252e%252f',
    '....//....//',
    'a'.repeat(5000),
    '',
    '.',
    '..',
    '.env',
    '%',
    '%zz',
    '?x=' + '%'.repeat(100),
    '\\..\\..\\windows\\win.ini',
    'store.json',
    'tls/key.pem',
    'audit/audit.ndjson',
  ];
  const enc = (s: string) =>
    [...Buffer.from(s, 'utf8')]
      .map((b) => (b >= 0x21 && b <= 0x7e ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`))
      .join('');
  const token = () => {
    const p = r.pick(phones);
    switch (r.int(6)) {
      case 0: {
        const i = r.int(p.token.length);
        const c = p.token[i] === 'A' ? 'B' : 'A';
        return p.token.slice(0, i) + c + p.token.slice(i + 1);
      }
      case 1:
        return p.token.toLowerCase() === p.token ? p.token.toUpperCase() : p.token.toLowerCase();
      case 2:
        return p.token.slice(0, -1);
      case 3:
        return p.mac;
      case 4:
        return enc(r.pick(hostileStrings));
      default:
        return Array.from({ length: 32 }, () => r.pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'])).join('');
    }
  };
  const file = () => (r.next() < 0.7 ? r.pick(fileNames(r.pick(phones).mac)) : enc(r.pick(hostileStrings)));
  const method = () => r.pick(['GET', 'GET', 'GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'M-SEARCH']);
  const contentType = () =>
    r.pick([
      'application/json',
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/json; charset=klingon',
      '',
      'a'.repeat(300),
    ]);
  const rpsBody = (): string => {
    const p = r.pick(phones);
    const fields: Record<string, unknown> = {
      mac: r.pick([p.mac, formatMac(p.mac), 'zz:zz', '', 42, null, [p.mac], { $gt: '' }, '00156500' + r.int(9999), p.mac + '\u0000']),
      serial: r.pick(['WRONG', '', 'x'.repeat(70), 7, null, p.serial + '0', '\u0000', '%00']),
    };
    if (r.next() < 0.3) fields['model'] = r.pick(['T46U', '<script>', 'x'.repeat(500), {}]);
    if (r.next() < 0.1) fields['__proto__'] = { polluted: true };
    switch (r.int(5)) {
      case 0:
        return JSON.stringify(fields);
      case 1:
        return new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
      case 2:
        return JSON.stringify(fields).slice(0, r.int(30));
      case 3:
        return '{"mac":' + '['.repeat(2000);
      default:
        return r.pick(['null', '[]', '"x"', '{}', 'x'.repeat(6000), '\u0000\u0001\u0002']);
    }
  };
  const headers = (): Record<string, string> => {
    const h: Record<string, string> = {};
    if (r.next() < 0.5)
      h['User-Agent'] = r.pick([
        'Yealink SIP-T46U 108.86.0.20 80:5e:c0:00:00:01',
        'curl/8',
        'x'.repeat(4000),
        'Grandstream GXP2170 1.0.11.3',
        '',
      ]);
    if (r.next() < 0.2)
      h['Authorization'] = r.pick([
        'Digest username="a", realm="r", nonce="n", uri="/", response="00"',
        'Basic YTpi',
        'Digest ' + 'x'.repeat(3000),
      ]);
    if (r.next() < 0.1) h['Accept'] = r.pick(['text/plain', '*/*', 'application/json', '']);
    if (r.next() < 0.1) h['X-Forwarded-For'] = '10.0.0.1';
    if (r.next() < 0.05) h['Range'] = 'bytes=0-10';
    return h;
  };

  return (): Shot => {
    const kind = r.int(100);
    if (kind < 30) {
      // RPS
      const m = r.next() < 0.5 ? 'GET' : r.next() < 0.9 ? 'POST' : method();
      if (m === 'GET') {
        const p = r.pick(phones);
        const q = r.pick([
          `mac=${p.mac}&serial=WRONG${r.int(99)}`,
          `mac=${enc(r.pick(hostileStrings))}&serial=x`,
          `mac=00156500${r.int(9999)}&serial=X`,
          `mac=${p.mac}&mac=${p.mac}&serial=a&serial=b`,
          'serial=only',
          '',
          'mac[]=1&serial[x]=2',
          enc(r.pick(hostileStrings)),
        ]);
        return { method: m, path: `/rps/v1/lookup?${q}`, headers: headers(), credentialed: false };
      }
      const body = rpsBody();
      return { method: m, path: '/rps/v1/lookup', headers: { ...headers(), 'Content-Type': contentType() }, body, credentialed: false };
    }
    if (kind < 70) {
      // provisioning paths, wrong tokens
      return {
        method: method(),
        path: `/p/${token()}/${file()}`,
        headers: headers(),
        credentialed: false,
        ...(r.next() < 0.1 ? { body: 'x'.repeat(r.int(9000)) } : {}),
      };
    }
    if (kind < 80) {
      // the right token with hostile names or methods: must not 5xx (may serve, it is the phone's own URL)
      const p = r.pick(phones);
      return {
        method: method(),
        path: `/p/${p.token}/${file()}${r.next() < 0.2 ? '/' + enc(r.pick(hostileStrings)) : ''}`,
        headers: headers(),
        credentialed: true,
      };
    }
    if (kind < 92) {
      // root and other paths
      const path = r.pick([
        `/${file()}`,
        `/${enc(r.pick(hostileStrings))}`,
        `/p/${file()}`,
        `/p/`,
        `/api/v1/phones`,
        `/api/v1/settings`,
        `//${file()}`,
        `/rps/v1/lookup/${file()}`,
        `/${'a/'.repeat(r.int(500))}`,
      ]);
      return { method: method(), path, headers: headers(), credentialed: false };
    }
    // raw bytes: request lines fetch would never send
    const p = r.pick(phones);
    const line = r.pick([
      `GET /p/${p.token.slice(1)}/ACC.cfg\u0000 HTTP/1.1`,
      `GET /p/../${p.mac}.cfg HTTP/1.1`,
      `GET /${'\u00e9'.repeat(50)} HTTP/1.1`,
      `GET http://evil/p/x/ACC.cfg HTTP/1.1`,
      `GET * HTTP/1.1`,
      `GARBAGE`,
      `GET /rps/v1/lookup?mac=${p.mac}&serial=x HTTP/0.9`,
      `GET /p/x/ACC.cfg HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5`,
      `POST /rps/v1/lookup HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}`,
      `GET /${'x'.repeat(20000)} HTTP/1.1`,
    ]);
    return { method: 'RAW', path: '', headers: {}, credentialed: false, raw: Buffer.from(`${line}\r\nHost: fuzz\r\n\r\n`, 'latin1') };
  };
}

function sendRaw(data: Buffer, port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => s.end(data));
    let reply = '';
    s.on('data', (c) => (reply += c.toString('latin1')));
    s.on('error', () => {});
    s.on('close', () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1] ?? 0), body: reply }));
    s.setTimeout(10_000, () => s.destroy());
  });
}

function send(shot: Shot, port: number, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    let req;
    try {
      req = request({ host: '127.0.0.1', port, method: shot.method, path: shot.path, headers: shot.headers, agent }, (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
      });
    } catch {
      // A path or header Node itself will not send: counted as not sent.
      resolve({ status: -1, body: '' });
      return;
    }
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.setTimeout(15_000, () => req.destroy());
    if (shot.body !== undefined && shot.method !== 'GET' && shot.method !== 'HEAD') req.write(shot.body);
    req.end();
  });
}

test(`fuzz: ${REQUESTS} hostile requests on the device routes, no 5xx, no config without credentials`, async () => {
  const port = Number(new URL(backend.deviceBaseUrl).port);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const next = generator(SEED);
  const byStatus = new Map<number, number>();
  const leaks: string[] = [];
  const fiveHundreds: string[] = [];
  let sent = 0;
  let credentialed = 0;
  const started = performance.now();
  const worker = async () => {
    while (sent < REQUESTS) {
      sent++;
      const shot = next();
      if (shot.credentialed) credentialed++;
      const answer = shot.raw ? await sendRaw(shot.raw, port) : await send(shot, port, agent);
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      const what = shot.raw ? JSON.stringify(shot.raw.toString('latin1').slice(0, 120)) : `${shot.method} ${shot.path.slice(0, 120)}`;
      if (answer.status >= 500) fiveHundreds.push(`${answer.status} ${what}`);
      if (!shot.credentialed) {
        const marker = [...CONFIG_MARKERS, ...passwords].find((m) => answer.body.includes(m));
        if (marker) leaks.push(`${what} -> ${answer.status} has ${marker}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;

  const counts = [...byStatus.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s === 0 ? 'closed' : s === -1 ? 'unsendable' : s}: ${n}`);
  console.log(`fuzz: seed ${SEED} (DP_FUZZ_SEED=${SEED} replays it)`);
  console.log(`fuzz: ${sent} requests in ${seconds.toFixed(1)} s (${credentialed} with a valid token and hostile names)`);
  console.log(
    `fuzz: by status: ${counts.join(', ')} (closed: the connection ended without an HTTP answer, e.g. an unparseable request line)`,
  );
  console.log(`fuzz: 5xx ${fiveHundreds.length}, configuration bytes leaked without credentials ${leaks.length}`);
  assert.ok(sent >= REQUESTS);
  assert.deepEqual(fiveHundreds.slice(0, 10), []);
  assert.deepEqual(leaks.slice(0, 10), []);

  // Still up: a phone walks its whole flow.
  const survivor = phones[0]!;
  const result = await new VirtualPhone(survivor, { rpsUrl: backend.rpsUrl }).provision();
  assert.equal(result.ok, true, result.reason);
  const audit = await backend.api.auditLog({ query: { outcome: 'refused', limit: 10_000 } });
  assert.ok(audit.length > 0, 'refusals are in the audit log');
  assert.ok(
    audit.every((e) => !phones.some((p) => JSON.stringify(e).includes(p.token))),
    'no token in the audit log',
  );
});
