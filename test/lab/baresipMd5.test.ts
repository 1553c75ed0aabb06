/**
 * A real SIP user agent that answers only MD5 digest challenges (baresip 1.0 from Debian) against
 * the real Asterisk 22 of the lab. On an endpoint from the app's default PJSIP export (MD5 offered)
 * it registers, and the app sees its contact through AMI. On an endpoint that offers only SHA-256
 * it never answers the challenge, and the app says so instead of "Wrong password".
 * baresip talks only to loopback: it listens on 127.0.0.1, its network interface is 127.0.0.1, its
 * DNS server is 127.0.0.1 (it resolves nothing: the registrar is an address), and its config
 * directory is a temp folder.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsteriskLab, freeUdpPort } from './asterisk/lab';
import { labUnavailableReason } from './asterisk/chroot';
import { startTestBackend, type TestBackend } from '../support/backend';
import { until } from '../support/until';
import { skipReasonOutsideCi } from '../support/labUnderCi';

const labMissing = labUnavailableReason();
const baresipMissing = spawnSync('baresip', ['-h']).error ? 'baresip is not installed (apt-get install baresip-core)' : undefined;
const unavailable = skipReasonOutsideCi('baresip', labMissing ?? baresipMissing);

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** Starts baresip with one account on the lab's registrar; its output is collected. */
async function startBaresip(user: string, password: string, registrar: string): Promise<{ child: ChildProcess; output: () => string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dp-baresip-'));
  const port = await freeUdpPort();
  await writeFile(
    join(dir, 'config'),
    [
      `sip_listen 127.0.0.1:${port}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module_app account.so',
      'dns_server 127.0.0.1:53',
      'net_interface 127.0.0.1',
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, 'accounts'), `<sip:${user}@${registrar};transport=udp>;auth_pass=${password};regint=60\n`);
  const child = spawn('baresip', ['-4', '-f', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });
  return { child, output: () => out };
}

async function labWith(
  algorithms: 'default' | 'sha256',
  user: string,
  password: string,
): Promise<{ lab: AsteriskLab; backend: TestBackend }> {
  const lab = await AsteriskLab.start({
    endpoints: [{ userName: user, password }],
    ...(algorithms === 'sha256' ? { algorithms: ['SHA-256'] as const } : {}),
  });
  cleanups.push(() => lab.stop());
  const backend = await startTestBackend({ httpsPort: false });
  cleanups.push(() => backend.cleanup());
  await backend.api.updateSettings({ body: { pbx: lab.pbxSettings() } });
  const account = await backend.api.createAccount({
    body: { label: user, displayName: 'baresip', userName: user, password, serverHost: lab.sipHost, serverPort: lab.sipPort },
  });
  await backend.api.createPhone({ body: { mac: '00aabb000001', serial: 'B1', lines: [{ line: 1, accountId: account.id }] } });
  return { lab, backend };
}

test('baresip (MD5 only) registers on an endpoint from the default PJSIP export, and the app sees it', { skip: unavailable }, async () => {
  const { lab, backend } = await labWith('default', '4000', 'md5only-pw-4000');
  const ua = await startBaresip('4000', 'md5only-pw-4000', `${lab.sipHost}:${lab.sipPort}`);
  const contact = await until('the baresip contact in the app', 20_000, async () => {
    const regs = await backend.api.pbxRegistrations();
    // The contact event comes first; its User-Agent once the contact list was read.
    return regs.contacts.find((c) => c.endpoint === '4000' && c.userAgent !== '');
  });
  assert.match(contact.userAgent, /baresip/i);
  assert.equal(contact.ip, '127.0.0.1');
  await until('baresip saying it registered', 5_000, async () => (/200 OK/.test(ua.output()) ? true : undefined));
});

test(
  'baresip against an endpoint offering only SHA-256 never answers, and the app says so, not "Wrong password"',
  { skip: unavailable },
  async () => {
    const { lab, backend } = await labWith('sha256', '4001', 'md5only-pw-4001');
    await startBaresip('4001', 'md5only-pw-4001', `${lab.sipHost}:${lab.sipPort}`);
    const phone = await until('a step 7 reason', 30_000, async () => {
      const p = await backend.api.getPhone({ params: { mac: '00aabb000001' } });
      return p.flow.failure?.step === 7 ? p : undefined;
    });
    assert.match(
      phone.flow.failure?.reason ?? '',
      /^No answer to the challenge: the phone never answered .* may not support the digest algorithm/,
    );
    assert.doesNotMatch(phone.flow.failure?.reason ?? '', /^Wrong password/);
  },
);
