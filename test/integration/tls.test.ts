/**
 * HTTPS for phones: the certificate the app makes parses, is kept and reused across restarts,
 * can be exported, and a TLS client pinned to it, as well as a virtual phone, walks the RPS and
 * fetches files over HTTPS.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { enroll } from '../../electron/sim/enroll';
import { VirtualPhone, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import { formatMac } from '../../shared/mac';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
let phone: PhoneIdentity;
/** Set once the backend was restarted on the first one's data dir, which then is ours to remove. */
let ownDir: string | undefined;

before(async () => {
  backend = await startTestBackend();
  [phone] = (await enroll(backend.api, { count: 1 })) as [PhoneIdentity];
});
after(async () => {
  await backend.cleanup();
  if (ownDir) await rm(ownDir, { recursive: true, force: true });
});

function httpsGet(url: string, ca: string | undefined, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const u = new URL(url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: init.method ?? 'GET',
        headers: init.headers,
        agent: false,
        ...(ca ? { ca } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

test('the certificate is exported, parses, and names the advertised address; the key is private', async () => {
  const cert = await backend.api.deviceCertificate();
  assert.ok(backend.deviceHttpsUrl?.startsWith('https://127.0.0.1:'));
  assert.equal(cert.httpsUrl, backend.deviceHttpsUrl);
  const x509 = new X509Certificate(cert.pem);
  assert.equal(x509.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(x509.fingerprint256, cert.fingerprint256);
  assert.doesNotMatch(cert.pem, /PRIVATE KEY/);
  const mode = (await stat(join(backend.dataDir, 'tls', 'key.pem'))).mode & 0o777;
  assert.equal(mode, 0o600);
});

test('a TLS client pinned to the certificate walks the RPS and gets its files over HTTPS; an unpinned one refuses', async () => {
  const { pem } = await backend.api.deviceCertificate();
  const rps = await httpsGet(`${backend.deviceHttpsUrl}/rps/v1/lookup`, pem, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ mac: formatMac(phone.mac), serial: phone.serial }),
  });
  assert.equal(rps.status, 200, rps.body);
  const answer = JSON.parse(rps.body) as { provisioningUrl: string; bootFile: string };
  assert.ok(answer.provisioningUrl.startsWith(`${backend.deviceHttpsUrl}/p/`), 'asked over HTTPS, sent to HTTPS');
  const boot = await httpsGet(answer.provisioningUrl + answer.bootFile, pem);
  assert.equal(boot.status, 200);
  const acc = await httpsGet(answer.provisioningUrl + 'ACC.cfg', pem);
  assert.equal(acc.status, 200);
  assert.match(acc.body, /account\.1\./);
  const audit = await backend.api.auditLog({ query: { mac: phone.mac, kind: 'file' } });
  assert.ok(audit.some((e) => e.what === 'ACC.cfg' && e.tls && e.outcome === 'served'));

  await assert.rejects(httpsGet(answer.provisioningUrl + 'ACC.cfg', undefined), /self-signed|certificate/i);

  // Plain HTTP goes on beside it, and hands out http:// URLs unless the settings prefer HTTPS.
  const plain = await fetch(`${backend.rpsUrl}?mac=${phone.mac}&serial=${phone.serial}`, { headers: { Accept: 'application/json' } });
  assert.ok(((await plain.json()) as { provisioningUrl: string }).provisioningUrl.startsWith('http://'));
  await backend.api.updateSettings({ body: { security: { preferHttps: true } } });
  const preferred = await fetch(`${backend.rpsUrl}?mac=${phone.mac}&serial=${phone.serial}`, { headers: { Accept: 'application/json' } });
  assert.ok(((await preferred.json()) as { provisioningUrl: string }).provisioningUrl.startsWith('https://'));
  // Turned off, the HTTPS listener serves nothing.
  await backend.api.updateSettings({ body: { security: { preferHttps: false, https: false } } });
  assert.equal((await httpsGet(answer.provisioningUrl + 'ACC.cfg', pem)).status, 403);
  await backend.api.updateSettings({ body: { security: { https: true } } });
});

test('a virtual phone pointed at the HTTPS RPS walks steps 1-6 over HTTPS', async () => {
  const [other] = (await enroll(backend.api, { count: 1, start: 1 })) as [PhoneIdentity];
  const result = await new VirtualPhone(other, { rpsUrl: `${backend.deviceHttpsUrl}/rps/v1/lookup` }).provision();
  assert.equal(result.ok, true, result.reason);
  assert.ok(result.provisioningUrl?.startsWith(`${backend.deviceHttpsUrl}/p/`));
  assert.equal(result.config?.accounts.length, 1);
  const audit = await backend.api.auditLog({ query: { mac: other.mac, kind: 'file' } });
  assert.ok(audit.some((e) => e.what === 'ACC.cfg' && e.tls && e.outcome === 'served'));
});

test('the certificate is kept: a restart on the same data dir serves the same one', async () => {
  const before = await backend.api.deviceCertificate();
  const dataDir = backend.dataDir;
  await backend.stop();
  backend = await startTestBackend({ dataDir });
  ownDir = dataDir;
  const after = await backend.api.deviceCertificate();
  assert.equal(after.fingerprint256, before.fingerprint256);
});
