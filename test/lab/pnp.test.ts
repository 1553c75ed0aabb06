/**
 * SIP plug-and-play in the lab: a factory-fresh virtual phone in a namespace multicasts its
 * SUBSCRIBE, receives the provisioning URL in the NOTIFY and completes steps 1 to 6; the
 * SUBSCRIBE feeds the inventory (MAC, vendor, model, firmware). With the Asterisk lab's PJSIP on
 * the bridge's address, the same phone registers and the app sees step 7 through AMI. Switched
 * off, nobody answers.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { test } from 'node:test';
import { enroll } from '../../electron/sim/enroll';
import type { PhoneIdentity } from '../../electron/sim/virtualPhone';
import type { ServerEvent } from '../../shared/api/events';
import { formatMac } from '../../shared/mac';
import { startTestBackend } from '../support/backend';
import { childOutput } from '../support/childOutput';
import { readEvents, type EventReader } from '../support/events';
import { labUnavailableReason } from './asterisk/chroot';
import { AsteriskLab } from './asterisk/lab';
import { buildLab } from './netns/lab';
import { requireLab } from './netns/labTest';
import { skipReasonOutsideCi } from '../support/labUnderCi';

const asteriskUnavailable = skipReasonOutsideCi('Asterisk', labUnavailableReason());

/** A factory-fresh virtual phone in a namespace: plug-and-play, then the seeds' default files (vendor "Generic"). */
function spawnPnpPhone(
  lab: { spawnIn(ns: string, command: string, args: readonly string[]): ChildProcess },
  ns: string,
  phone: Pick<PhoneIdentity, 'mac' | 'serial'>,
  extra: readonly string[],
): ChildProcess {
  const args = ['--import', 'tsx', 'electron/cli/simulate.ts', '--pnp', '--mac', formatMac(phone.mac), '--serial', phone.serial];
  return lab.spawnIn(ns, process.execPath, [...args, '--vendor', 'Generic', ...extra, '--json']);
}

/** Waits for the plug-and-play service to apply the settings (its `sync` queues behind the change's own). */
async function pnpRunning(app: { ctx: { services: { pnp: { sync(): Promise<void>; status: { running: boolean } } } } }): Promise<boolean> {
  await app.ctx.services.pnp.sync();
  return app.ctx.services.pnp.status.running;
}

test('plug-and-play: a fresh phone gets its provisioning URL by NOTIFY and completes steps 1 to 6', async (t) => {
  if (!requireLab(t)) return;
  const lab = await buildLab({ devices: [] });
  const app = await startTestBackend({ host: lab.hostIp, advertiseHost: lab.hostIp });
  try {
    const [phone] = await enroll(app.api, { count: 1, macPrefix: '805ec0', start: 7 });
    assert.ok(phone);
    assert.equal(app.ctx.services.pnp.status.running, false, 'not listening before an interface is picked');
    await app.api.updateSettings({ body: { plugAndPlay: true, lanInterface: lab.bridge } });
    assert.equal(await pnpRunning(app), true, 'listening once the settings ask');

    const host = await lab.addHost(phone.mac);
    // A vendor with no dialect of its own: this virtual phone plays the seeds' default files.
    const sim = spawnPnpPhone(lab, host.ns, phone, ['--model', 'T46U', '--firmware', '108.86.0.20']);
    const { code, out } = await childOutput(sim);
    assert.equal(code, 0, out);
    assert.match(out, /"ok":true/);

    // One event per exchange (the served files mark their requests, steps 3 and 5); the flow has every step.
    const timeline = await app.api.timeline({ params: { mac: phone.mac } });
    for (const step of [1, 2, 4, 6]) {
      assert.ok(
        timeline.some((e) => e.step === step && e.outcome === 'ok'),
        `step ${step} ok: ${JSON.stringify(timeline.map((e) => [e.step, e.outcome]))}`,
      );
    }
    const marks = (await app.api.getPhone({ params: { mac: phone.mac } })).flow.steps;
    assert.deepEqual(Object.keys(marks), ['1', '2', '3', '4', '5', '6'], JSON.stringify(marks));
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

/** Output so far, and the exit, of a process that keeps running. */
function watch(child: ChildProcess): { text: () => string; exited: Promise<number> } {
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  return { text: () => out, exited };
}

test('plug-and-play to step 7: the phone registers with Asterisk on the lab bridge, the app sees it via AMI', async (t) => {
  if (!requireLab(t)) return;
  if (asteriskUnavailable) {
    t.skip(asteriskUnavailable);
    return;
  }
  const password = 'pnp-step7-secret';
  const lab = await buildLab({ devices: [] });
  let pbx: AsteriskLab | undefined;
  let app: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  let sim: ChildProcess | undefined;
  let stream: EventReader | undefined;
  try {
    app = await startTestBackend({ host: lab.hostIp, advertiseHost: lab.hostIp });
    const api = app.api;
    stream = await readEvents(app);
    // PJSIP on the bridge's own address (the namespaces reach it), AMI on loopback.
    pbx = await AsteriskLab.start({ endpoints: [{ userName: '1011', password }], sipBindHost: lab.hostIp, qualifyFrequency: 30 });
    assert.equal(pbx.sipHost, lab.hostIp);
    assert.equal(pbx.amiHost, '127.0.0.1');
    await api.updateSettings({
      body: {
        pbx: pbx.pbxSettings(),
        plugAndPlay: true,
        lanInterface: lab.bridge,
      },
    });
    const [phone] = await enroll(api, { count: 1, macPrefix: '805ec0', start: 11, password: () => password });
    assert.ok(phone);
    assert.equal(await pnpRunning(app), true, 'the plug-and-play listener runs');
    await stream.next('the AMI link, contacts read', (e) => e.type === 'pbx-link' && e.synced, { timeoutMs: 10_000 });

    const host = await lab.addHost(phone.mac);
    sim = spawnPnpPhone(lab, host.ns, phone, ['--register', '--hold', '60']);
    const run = watch(sim);
    const isStep7 = (e: ServerEvent) => e.type === 'step' && e.event.mac === phone.mac && e.event.step === 7 && e.event.outcome === 'ok';
    await Promise.race([
      stream.next('the phone registered, as the app sees it', isStep7, { timeoutMs: 30_000 }),
      run.exited.then((code) => Promise.reject(new Error(`simulate exited early (${code})`))),
    ]).catch((error: Error) => {
      throw new Error(`${error.message}\n${run.text()}`);
    });
    const registered = await api.getPhone({ params: { mac: phone.mac } });
    assert.equal(registered.flow.stage, 'registered');
    assert.equal(registered.flow.failure, undefined);
    assert.match(run.text(), /"ok":true/);
    assert.match(run.text(), /"account":"1011","registered":true/);

    const timeline = await api.timeline({ params: { mac: phone.mac } });
    for (const step of [1, 2, 4, 6, 7]) {
      assert.ok(
        timeline.some((e) => e.step === step && e.outcome === 'ok'),
        `step ${step} ok: ${JSON.stringify(timeline.map((e) => [e.step, e.outcome]))}`,
      );
    }
    assert.deepEqual(
      Object.entries(registered.flow.steps).map(([step, mark]) => [step, mark?.outcome]),
      ['1', '2', '3', '4', '5', '6', '7'].map((step) => [step, 'ok']),
    );
    assert.equal((timeline.find((e) => e.step === 1)?.detail as { via?: string } | undefined)?.via, 'plug-and-play');
    const step7 = timeline.find((e) => e.step === 7 && e.outcome === 'ok');
    assert.equal(step7?.ip, host.ip, 'registered from its namespace address');
    assert.equal(step7?.detail?.['account'], '1011');
    assert.match(step7?.file ?? '', new RegExp(`^sip:1011@${host.ip.replace(/\./g, '\\.')}:\\d+$`), 'the contact Asterisk holds');
    const regs = await api.pbxRegistrations();
    assert.deepEqual(
      regs.contacts.map((c) => c.macs),
      [[phone.mac]],
    );

    sim.kill('SIGTERM');
    assert.equal(await run.exited, 0, run.text());
    assert.match(run.text(), /1 line\(s\) registered, 0 refused/);
    assert.match(run.text(), /un-registered/);
  } finally {
    stream?.close();
    if (sim && sim.exitCode === null) sim.kill('SIGKILL');
    await app?.cleanup();
    await pbx?.stop();
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
    assert.equal(await pnpRunning(app), true, 'listening once switched on');
    await app.api.updateSettings({ body: { plugAndPlay: false } });
    assert.equal(await pnpRunning(app), false, 'stopped once switched off');

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
    const { code, out } = await childOutput(sim);
    assert.equal(code, 1, out);
    assert.match(out, /plug-and-play: no plug-and-play answer/);
    assert.equal((await app.api.timeline({ params: { mac: phone.mac } })).length, 0);
  } finally {
    await app.cleanup();
    await lab.teardown();
  }
});
