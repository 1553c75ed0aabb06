/**
 * The firmware library end to end against the real backend on loopback: upload (streamed raw
 * body), list, duplicate refused with the existing id, targets, a virtual Yealink and Poly phone
 * that download their target, check size and SHA-256, reboot with the new version in their
 * User-Agent and provision again; Range requests; an interrupted upload leaves nothing behind;
 * removal is undoable; the upload keeps the admin guards.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiError } from '../../shared/api/client';
import type { FirmwareEntry } from '../../shared/firmware/library';
import { firmwareFileUrl } from '../../shared/firmware/url';
import { enroll } from '../../electron/sim/enroll';
import { userAgentOf, VirtualPhone } from '../../electron/sim/virtualPhone';
import { runPhones } from '../../electron/sim/runner';
import { recordStep } from '../../electron/backend/usecases/timeline';
import { formatMac } from '../../shared/mac';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
let dataDir: string;
before(async () => {
  backend = await startTestBackend();
  dataDir = backend.dataDir;
});
after(async () => {
  await backend.cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

const bytes = (n: number, seed: string) => {
  const out = Buffer.alloc(n);
  let block = createHash('sha256').update(seed).digest();
  for (let i = 0; i < n; i += block.length) {
    block.copy(out, i);
    block = createHash('sha256').update(block).digest();
  }
  return out;
};
const randomHex = (n: number) => randomBytes(n / 2).toString('hex');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function upload(data: Buffer, fileName: string, query: Record<string, string> = {}) {
  return backend.api.uploadFirmware({
    query,
    body: {
      data: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)) as Uint8Array<ArrayBuffer>,
      headers: { 'X-File-Name': fileName },
    },
  });
}

async function rejected(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

const YEALINK = bytes(300_000, 'yealink');
const POLY = bytes(200_000, 'poly');

test('an upload is stored as it came, hashed, and described from its name; the list shows it', async () => {
  const entry = await upload(YEALINK, 'T46U(T43U,T46U,T41U,T48U,T42U,T44U,T44W)-108.86.0.90.rom');
  assert.equal(entry.vendor, 'yealink');
  assert.equal(entry.version, '108.86.0.90');
  assert.ok(entry.models.includes('T46U'));
  assert.equal(entry.size, YEALINK.length);
  assert.equal(entry.sha256, sha(YEALINK));
  const list = await backend.api.listFirmware();
  assert.deepEqual(
    list.map((e) => e.id),
    [entry.id],
  );
  const stored = await readdir(join(backend.dataDir, 'firmware', 'files'));
  assert.deepEqual(stored, [entry.id]);
});

test('the same bytes under another name are refused, naming the existing file and id', async () => {
  const [existing] = await backend.api.listFirmware();
  const error = await rejected(upload(YEALINK, 'copy.rom'));
  assert.equal(error.status, 409);
  assert.match(error.message, new RegExp(`${existing?.fileName.replace(/[()]/g, '\\$&')}.*${existing?.id}`));
  assert.equal((await backend.api.listFirmware()).length, 1);
});

test('an empty file, a name that tells no vendor or version, and a wrong content type are refused, changing nothing', async () => {
  assert.equal((await rejected(upload(Buffer.alloc(0), 'T27G-69.86.0.15.rom'))).status, 400);
  const noVendor = await rejected(upload(bytes(10, 'x'), 'image.img'));
  assert.match(noVendor.message, /^vendor:/);
  const noVersion = await rejected(upload(bytes(10, 'y'), 'gxp2135fw.bin'));
  assert.match(noVersion.message, /^version:/);
  const res = await fetch(`${backend.adminUrl}/api/v1/firmware`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${backend.adminToken}`, 'Content-Type': 'application/json', 'X-File-Name': 'a.rom' },
    body: '{}',
  });
  assert.equal(res.status, 415);
  assert.equal((await backend.api.listFirmware()).length, 1);
  assert.deepEqual(await readdir(join(backend.dataDir, 'firmware', 'tmp')), []);
});

test('the upload keeps the admin guards: no token, another Host, another Origin are refused', async () => {
  const send = (headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(`${backend.adminUrl}/api/v1/firmware`);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': 'T27G-69.86.0.15.rom', ...headers },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(bytes(100, 'guard'));
    });
  const auth = { Authorization: `Bearer ${backend.adminToken}` };
  assert.equal(await send({}), 401);
  assert.equal(await send({ ...auth, Host: 'evil.example:80' }), 403);
  assert.equal(await send({ ...auth, Origin: 'http://evil.example' }), 403);
  assert.equal((await backend.api.listFirmware()).length, 1);
});

test('an interrupted upload leaves nothing behind', async () => {
  const url = new URL(`${backend.adminUrl}/api/v1/firmware`);
  await new Promise<void>((resolve) => {
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: {
        Authorization: `Bearer ${backend.adminToken}`,
        'Content-Type': 'application/octet-stream',
        'X-File-Name': 'T27G-69.86.0.15.rom',
        'Content-Length': 1_000_000,
      },
    });
    req.on('error', () => resolve());
    req.write(bytes(200_000, 'half'), () => setTimeout(() => req.destroy(), 100));
    req.on('close', () => resolve());
  });
  // The server notices the dropped connection and removes the partial file.
  for (let i = 0; i < 50; i++) {
    if ((await readdir(join(backend.dataDir, 'firmware', 'tmp'))).length === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(await readdir(join(backend.dataDir, 'firmware', 'tmp')), []);
  assert.equal((await backend.api.listFirmware()).length, 1);
});

test('a file declared larger than 512 MB is refused before a byte is stored', async () => {
  const url = new URL(`${backend.adminUrl}/api/v1/firmware`);
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          Authorization: `Bearer ${backend.adminToken}`,
          'Content-Type': 'application/octet-stream',
          'X-File-Name': 'T27G-69.86.0.15.rom',
          'Content-Length': 600 * 1024 * 1024,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on('error', reject);
    req.write(bytes(1000, 'big'));
  });
  assert.equal(status, 413);
  assert.deepEqual(await readdir(join(backend.dataDir, 'firmware', 'tmp')), []);
  assert.equal((await backend.api.listFirmware()).length, 1);
});

test('Range requests: 206 with the slice, 416 past the end, 200 with Content-Length for the whole file; no listing', async () => {
  const [entry] = await backend.api.listFirmware();
  assert.ok(entry);
  const url = firmwareFileUrl(backend.deviceBaseUrl, entry);
  const whole = await fetch(url);
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('content-length'), String(YEALINK.length));
  assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  assert.ok(Buffer.from(await whole.arrayBuffer()).equals(YEALINK));
  const part = await fetch(url, { headers: { Range: 'bytes=1000-1999' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 1000-1999/${YEALINK.length}`);
  assert.ok(Buffer.from(await part.arrayBuffer()).equals(YEALINK.subarray(1000, 2000)));
  const resume = await fetch(url, { headers: { Range: `bytes=${YEALINK.length - 10}-` } });
  assert.equal(resume.status, 206);
  assert.equal((await resume.arrayBuffer()).byteLength, 10);
  const past = await fetch(url, { headers: { Range: `bytes=${YEALINK.length}-` } });
  assert.equal(past.status, 416);
  assert.equal(past.headers.get('content-range'), `bytes */${YEALINK.length}`);
  const head = await fetch(url, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), String(YEALINK.length));
  assert.equal((await head.arrayBuffer()).byteLength, 0);
  // Nothing lists the library; a wrong key or name is a plain 404.
  for (const path of [
    '/fw/',
    `/fw/${entry.sha256.slice(0, 32)}/`,
    `/fw/${'0'.repeat(32)}/${entry.fileName}`,
    `/fw/${entry.sha256.slice(0, 32)}/other.rom`,
  ]) {
    assert.equal((await fetch(backend.deviceBaseUrl + path)).status, 404, path);
  }
});

test('targets: a virtual Yealink and a Poly phone below target download it, reboot with the new version and provision again', async () => {
  const yealink = (await backend.api.listFirmware())[0] as FirmwareEntry;
  const poly = await upload(POLY, 'sip.ld', { vendor: 'poly', model: 'VVX 410', version: '5.9.7.4477' });
  assert.deepEqual(poly.models, ['VVX 410']);
  await backend.api.setFirmwareTargets({
    body: [
      { vendor: 'yealink', model: 'T46U', firmwareId: yealink.id },
      { vendor: 'poly', model: 'VVX 410', firmwareId: poly.id },
    ],
  });
  assert.equal((await backend.api.listFirmwareTargets()).length, 2);
  const library = await backend.api.listFirmware();

  for (const [vendor, entry, start] of [
    ['yealink', yealink, 10],
    ['poly', poly, 20],
  ] as const) {
    const [phone] = await enroll(backend.api, { count: 1, start, vendor });
    assert.ok(phone);
    const before = phone.firmware;
    const result = await new VirtualPhone(phone, { rpsUrl: backend.rpsUrl, vendor, firmwareLibrary: library }).provision();
    assert.equal(result.ok, true, result.reason);
    assert.deepEqual(result.upgrade, { from: before, to: entry.version, bytes: entry.size });
    // The server learnt the new version from the phone's User-Agent; the timeline tells the story.
    let view = await backend.api.getPhone({ params: { mac: phone.mac } });
    for (let i = 0; i < 20 && view.firmware !== entry.version; i++) {
      await new Promise((r) => setTimeout(r, 25));
      view = await backend.api.getPhone({ params: { mac: phone.mac } });
    }
    assert.equal(view.firmware, entry.version);
    const timeline = await backend.api.timeline({ params: { mac: phone.mac } });
    const firmwareEvents = timeline.filter((e) => e.detail?.['firmware'] !== undefined).map((e) => e.detail?.['firmware']);
    assert.deepEqual(firmwareEvents, ['download', 'downloaded', 'changed']);
    const changed = timeline.find((e) => e.detail?.['firmware'] === 'changed');
    assert.equal(changed?.detail?.['from'], before);
    assert.equal(changed?.detail?.['to'], entry.version);
    // A second boot finds nothing newer and downloads nothing.
    const again = await new VirtualPhone(
      { ...phone, firmware: entry.version },
      { rpsUrl: backend.rpsUrl, vendor, firmwareLibrary: library },
    ).provision();
    assert.equal(again.ok, true, again.reason);
    assert.equal(again.upgrade, undefined);
  }
});

test('a phone that downloaded its firmware shows as upgrading until it comes back with the new version, across a restart', async () => {
  const yealink = (await backend.api.listFirmware()).find((e) => e.vendor === 'yealink') as FirmwareEntry;
  const [phone] = await enroll(backend.api, { count: 1, start: 40, vendor: 'yealink' });
  assert.ok(phone);
  const res = await fetch(firmwareFileUrl(backend.deviceBaseUrl, yealink), { headers: { 'User-Agent': userAgentOf(phone) } });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  const flowOf = async () => (await backend.api.getPhone({ params: { mac: phone.mac } })).flow;
  assert.equal((await flowOf()).upgradingTo, yealink.version);

  // The page may be reloaded, the app restarted: the phone is still shown upgrading.
  await backend.stop();
  backend = await startTestBackend({ dataDir: backend.dataDir });
  assert.equal((await flowOf()).upgradingTo, yealink.version);

  // It reboots on the new version: no longer upgrading.
  const library = await backend.api.listFirmware();
  const result = await new VirtualPhone(
    { ...phone, firmware: yealink.version },
    { rpsUrl: backend.rpsUrl, vendor: 'yealink', firmwareLibrary: library },
  ).provision();
  assert.equal(result.ok, true, result.reason);
  assert.equal((await flowOf()).upgradingTo, undefined);
});

test('Grandstream, Snom and Fanvil phones follow their own firmware keys to the file and upgrade too (the simulator run)', async () => {
  const added = [
    await upload(bytes(50_000, 'gs'), 'gxp2135fw.bin', { version: '1.0.11.85' }),
    await upload(bytes(60_000, 'snom'), 'snomD785-10.1.184.15-SIP-r.bin'),
    await upload(bytes(70_000, 'fanvil'), 'x5upro-fanvil-release-ff01-6907-2.12.22.2-krnlvUT2025-04-16-20.32.45.z'),
  ];
  const targets = await backend.api.listFirmwareTargets();
  await backend.api.setFirmwareTargets({
    body: [
      ...targets,
      { vendor: 'grandstream', model: 'GXP2135', firmwareId: added[0]!.id },
      { vendor: 'snom', model: 'D785', firmwareId: added[1]!.id },
      { vendor: 'fanvil', model: 'X5U', firmwareId: added[2]!.id },
    ],
  });
  const phones = [
    ...(await enroll(backend.api, { count: 1, start: 30, vendor: 'grandstream' })),
    ...(await enroll(backend.api, { count: 1, start: 31, vendor: 'snom' })),
    ...(await enroll(backend.api, { count: 1, start: 32, vendor: 'fanvil' })),
  ];
  const summary = await runPhones(phones, { rpsUrl: backend.rpsUrl, vendor: 'mixed', firmwareLibrary: await backend.api.listFirmware() });
  assert.equal(summary.failed, 0, summary.results.map((r) => r.reason).join('; '));
  assert.deepEqual(
    summary.results.map((r) => r.upgrade?.to),
    ['1.0.11.85', '10.1.184.15', '2.12.22.2'],
  );
});

test("the SIP REGISTER's User-Agent (step 7, from AMI) tells the firmware version too", async () => {
  const [phone] = await enroll(backend.api, { count: 1, start: 50, vendor: 'yealink' });
  assert.ok(phone);
  assert.equal((await new VirtualPhone(phone, { rpsUrl: backend.rpsUrl, vendor: 'yealink' }).provision()).ok, true);
  // As the registration monitor records a contact Asterisk reports (electron/backend/amiEvents/registrationMonitor.ts).
  recordStep(backend.ctx, {
    mac: phone.mac,
    step: 7,
    outcome: 'ok',
    ip: '127.0.0.1',
    userAgent: `Yealink SIP-T46U 108.86.0.95 ${formatMac(phone.mac)}`,
    file: 'sip:1050@127.0.0.1',
  });
  let view = await backend.api.getPhone({ params: { mac: phone.mac } });
  for (let i = 0; i < 20 && view.firmware !== '108.86.0.95'; i++) {
    await new Promise((r) => setTimeout(r, 25));
    view = await backend.api.getPhone({ params: { mac: phone.mac } });
  }
  assert.equal(view.firmware, '108.86.0.95');
  const changed = (await backend.api.timeline({ params: { mac: phone.mac } })).find((e) => e.detail?.['firmware'] === 'changed');
  assert.equal(changed?.step, 7);
  assert.equal(changed?.detail?.['from'], phone.firmware);
});

test('a target naming a missing file or a file of another vendor or model is refused, changing nothing', async () => {
  const before = await backend.api.listFirmwareTargets();
  const [yealink] = await backend.api.listFirmware();
  assert.equal(
    (await rejected(backend.api.setFirmwareTargets({ body: [{ vendor: 'yealink', model: 'T46U', firmwareId: 'nope' }] }))).status,
    400,
  );
  assert.equal(
    (await rejected(backend.api.setFirmwareTargets({ body: [{ vendor: 'snom', model: 'D785', firmwareId: yealink!.id }] }))).status,
    400,
  );
  assert.equal(
    (await rejected(backend.api.setFirmwareTargets({ body: [{ vendor: 'yealink', model: 'T27G', firmwareId: yealink!.id }] }))).status,
    400,
  );
  assert.deepEqual(await backend.api.listFirmwareTargets(), before);
});

test('removing a file that is a target removes its target too, and undo puts both back', async () => {
  const [first] = await backend.api.listFirmware();
  const targetsBefore = await backend.api.listFirmwareTargets();
  const removed = await backend.api.deleteFirmware({ params: { id: first!.id } });
  assert.equal(removed.affected, 1);
  assert.ok(!(await backend.api.listFirmware()).some((e) => e.id === first!.id));
  assert.ok(!(await backend.api.listFirmwareTargets()).some((t) => t.firmwareId === first!.id));
  assert.equal((await fetch(firmwareFileUrl(backend.deviceBaseUrl, first!))).status, 404);
  await backend.api.undo({ params: { undoId: removed.undoId } });
  assert.ok((await backend.api.listFirmware()).some((e) => e.id === first!.id));
  assert.deepEqual(
    (await backend.api.listFirmwareTargets()).map((t) => t.firmwareId).sort(),
    targetsBefore.map((t) => t.firmwareId).sort(),
  );
  assert.equal((await fetch(firmwareFileUrl(backend.deviceBaseUrl, first!))).status, 200);
});

test('the library and targets survive a restart', async () => {
  const list = await backend.api.listFirmware();
  const targets = await backend.api.listFirmwareTargets();
  await backend.stop();
  const again = await startTestBackend({ dataDir: backend.dataDir });
  try {
    assert.deepEqual(await again.api.listFirmware(), list);
    assert.deepEqual(await again.api.listFirmwareTargets(), targets);
  } finally {
    await again.stop();
  }
  backend = await startTestBackend({ dataDir: backend.dataDir });
});

test('a damaged library index is set aside and the app starts with an empty library', async () => {
  await backend.stop();
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(backend.dataDir, 'firmware', 'library.json'), '{"entries": [ {"id": ');
  backend = await startTestBackend({ dataDir: backend.dataDir });
  assert.deepEqual(await backend.api.listFirmware(), []);
  const kept = (await readdir(join(backend.dataDir, 'firmware'))).filter((n) => n.startsWith('library.json.damaged-'));
  assert.equal(kept.length, 1);
});

test('guessing firmware keys counts for the lock-out like any unknown path: the guesser is refused even the right URL', async () => {
  const entry = await upload(bytes(1000, 'lockout'), 'T27G-69.86.0.15.rom');
  const url = firmwareFileUrl(backend.deviceBaseUrl, entry);
  let last = 0;
  for (let i = 0; i < 40 && last !== 429; i++) {
    const res = await fetch(`${backend.deviceBaseUrl}/fw/${randomHex(32)}/guess.rom`);
    await res.arrayBuffer();
    last = res.status;
  }
  assert.equal(last, 429, 'locked out after enough wrong keys');
  const refused = await fetch(url);
  await refused.arrayBuffer();
  assert.equal(refused.status, 429);
  await backend.api.clearLockouts();
  const served = await fetch(url, { method: 'HEAD' });
  assert.equal(served.status, 200);
});
