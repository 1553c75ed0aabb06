/**
 * SIP plug-and-play in the lab: a factory-fresh virtual phone in a namespace multicasts its
 * SUBSCRIBE, receives the provisioning URL in the NOTIFY and completes steps 1 to 6; the
 * SUBSCRIBE feeds the inventory (MAC, vendor, model, firmware). Switched off, nobody answers.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { test } from 'node:test';
import { pnpServiceOf } from '../../electron/backend/discovery/pnpService';
import { enroll } from '../../electron/sim/enroll';
import { formatMac } from '../../shared/mac';
import { startTestBackend } from '../support/backend';
import { buildLab } from './netns/lab';
import { requireLab } from './netns/labTest';

function collect(child: ChildProcess): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('plug-and-play: a fresh phone gets its provisioning URL by NOTIFY and completes steps 1 to 6', async (t) => {
  if (!requireLab(t)) return;
  const lab = await buildLab({ devices: [] });
  const app = await startTestBackend({ host: lab.hostIp, advertiseHost: lab.hostIp });
  try {
    const [phone] = await enroll(app.api, { count: 1, macPrefix: '805ec0', start: 7 });
    assert.ok(phone);
    assert.equal(pnpServiceOf(app.ctx)?.status.running, false, 'not listening before an interface is picked');
    await app.api.updateSettings({ body: { plugAndPlay: true, lanInterface: lab.bridge } });
    await until(() => pnpServiceOf(app.ctx)?.status.running === true);

    const host = await lab.addHost(phone.mac);
    const sim = lab.spawnIn(host.ns, process.execPath, [
      '--import',
      'tsx',
      'electron/cli/simulate.ts',
      '--pnp',
      '--mac',
      formatMac(phone.mac),
      '--serial',
      phone.serial,
      '--vendor',
      // A vendor with no dialect of its own: this virtual phone plays the seeds' default files.
      'Generic',
      '--model',
      'T46U',
      '--firmware',
      '108.86.0.20',
      '--json',
    ]);
    const { code, out } = await collect(sim);
    assert.equal(code, 0, out);
    assert.match(out, /"ok":true/);

    const timeline = await app.api.timeline({ params: { mac: phone.mac } });
    for (const step of [1, 2, 3, 4, 5, 6]) {
      assert.ok(
        timeline.some((e) => e.step === step && e.outcome === 'ok'),
        `step ${step} ok: ${JSON.stringify(timeline.map((e) => [e.step, e.outcome]))}`,
      );
    }
    const step1 = timeline.find((e) => e.step === 1);
    assert.equal(step1?.ip, host.ip);
    assert.equal((step1?.detail as { via?: string } | undefined)?.via, 'plug-and-play');

    const device = (await app.api.inventory()).find((d) => d.mac === phone.mac);
    assert.ok(device, 'the SUBSCRIBE fed the inventory');
    assert.equal(device.vendor, 'Yealink', 'the vendor comes from the MAC prefix');
    assert.equal(device.model, 'T46U');
    assert.equal(device.firmware, '108.86.0.20');
    assert.ok(device.sources.pnp, 'seen by plug-and-play');
    assert.ok(device.sources.provisioning, 'seen fetching its files');
    assert.equal(device.ip, host.ip);
  } finally {
    await app.cleanup();
    await lab.teardown();
  }
});

test('plug-and-play switched off: the listener stops and a SUBSCRIBE goes unanswered', async (t) => {
  if (!requireLab(t)) return;
  const lab = await buildLab({ devices: [] });
  const app = await startTestBackend({ host: lab.hostIp, advertiseHost: lab.hostIp });
  try {
    const [phone] = await enroll(app.api, { count: 1, macPrefix: '805ec0', start: 9 });
    assert.ok(phone);
    await app.api.updateSettings({ body: { plugAndPlay: true, lanInterface: lab.bridge } });
    await until(() => pnpServiceOf(app.ctx)?.status.running === true);
    await app.api.updateSettings({ body: { plugAndPlay: false } });
    await until(() => pnpServiceOf(app.ctx)?.status.running === false);

    const host = await lab.addHost(phone.mac);
    const sim = lab.spawnIn(host.ns, process.execPath, [
      '--import',
      'tsx',
      'electron/cli/simulate.ts',
      '--pnp',
      '--pnp-timeout',
      '3',
      '--mac',
      formatMac(phone.mac),
      '--json',
    ]);
    const { code, out } = await collect(sim);
    assert.equal(code, 1, out);
    assert.match(out, /plug-and-play: no plug-and-play answer/);
    assert.equal((await app.api.timeline({ params: { mac: phone.mac } })).length, 0);
  } finally {
    await app.cleanup();
    await lab.teardown();
  }
});
