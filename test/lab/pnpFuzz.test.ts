/**
 * Plug-and-play fuzz: 10,000 hostile datagrams (hostile.ts: each names a phone the app knows but
 * breaks an RFC 3261 rule, aims the answer at an odd place, is too big, cut short or noise) from a
 * namespace host on the lab bridge. The app answers none of them with a URL, stays up, and then
 * still answers a real phone's SUBSCRIBE.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { enroll } from '../../electron/sim/enroll';
import { formatMac } from '../../shared/mac';
import { startTestBackend } from '../support/backend';
import { childOutput } from '../support/childOutput';
import { buildLab } from './netns/lab';
import { requireLab } from './netns/labTest';

const COUNT = Number(process.env['DP_PNP_FUZZ'] ?? 10_000);

test(`plug-and-play fuzz: ${COUNT} hostile datagrams get no URL and the app stays up`, async (t) => {
  if (!requireLab(t)) return;
  const lab = await buildLab({ devices: [] });
  const app = await startTestBackend({ host: lab.hostIp, advertiseHost: lab.hostIp, httpsPort: false });
  try {
    const [phone] = await enroll(app.api, { count: 1, macPrefix: '805ec0', start: 21 });
    assert.ok(phone);
    await app.api.updateSettings({ body: { plugAndPlay: true, lanInterface: lab.bridge } });
    // The service's sync() queues behind the settings change's own: once it resolves, the listener is up.
    await app.ctx.services.pnp.sync();
    assert.equal(app.ctx.services.pnp.status.running, true, 'listening once the settings ask');
    const host = await lab.addHost(phone.mac);

    const fuzzer = lab.spawnIn(host.ns, process.execPath, [
      '--import',
      'tsx',
      join(import.meta.dirname, 'pnpFuzz', 'fuzzer.ts'),
      JSON.stringify({ mac: phone.mac, ip: host.ip, count: COUNT, port: 5062 }),
    ]);
    const run = await childOutput(fuzzer);
    assert.equal(run.code, 0, run.out);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as { sent: number; replies: number; repliesWithUrl: number };
    const stats = app.ctx.services.pnp.stats();
    process.stdout.write(
      `pnp fuzz: sent ${summary.sent}, received by the app ${stats?.datagrams}, answers ${summary.replies}, NOTIFYs ${stats?.notified}\n`,
    );
    assert.equal(summary.sent, COUNT);
    assert.ok((stats?.datagrams ?? 0) >= COUNT * 0.9, `the app read the datagrams (${stats?.datagrams} of ${COUNT})`);
    assert.equal(summary.repliesWithUrl, 0, 'no answer carried a URL');
    assert.equal(summary.replies, 0, 'no answer at all');
    assert.equal(stats?.notified, 0, 'no NOTIFY was sent anywhere');
    const served = (await app.api.auditLog({ query: { limit: 200 } })).filter((e) => e.outcome === 'served');
    assert.deepEqual(served, [], 'no URL was handed out');

    // Still up, and still answering: the real phone's SUBSCRIBE gets its URL.
    assert.equal(app.ctx.services.pnp.status.running, true);
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
      'Generic',
      '--json',
    ]);
    const ok = await childOutput(sim);
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /"ok":true/);
    assert.equal(app.ctx.services.pnp.stats()?.notified, 1);

    // A retransmitted SUBSCRIBE (same transaction) gets the same 200 OK again (RFC 3261 17.2.2), and one NOTIFY dialog only.
    const again = await childOutput(
      lab.spawnIn(host.ns, process.execPath, [
        '--import',
        'tsx',
        join(import.meta.dirname, 'pnpFuzz', 'fuzzer.ts'),
        JSON.stringify({ mac: phone.mac, ip: host.ip, count: 3, port: 5064, retransmit: true }),
      ]),
    );
    assert.equal(again.code, 0, again.out);
    const repeat = JSON.parse(again.stdout.trim().split('\n').at(-1) as string) as { oks: number; notifies: number };
    assert.equal(repeat.oks, 3, 'each retransmission got the 200 OK again');
    assert.ok(repeat.notifies >= 1, 'the NOTIFY came');
    assert.equal(app.ctx.services.pnp.stats()?.notified, 2, 'one NOTIFY for the three copies');
  } finally {
    await app.cleanup();
    await lab.teardown();
  }
});
