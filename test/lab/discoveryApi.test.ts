/**
 * Discovery through the admin API, as the UI drives it: interfaces listed (a hint, no choice),
 * a sweep started on the lab bridge, its progress streamed as `sweep` events on the one SSE
 * stream, the inventory filled (which source saw what), a sweep cancelled, bad input refused.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../shared/api/client';
import type { ServerEvent } from '../../shared/api/events';
import type { SweepStatus } from '../../shared/discovery/sweepStatus';
import { startTestBackend } from '../support/backend';
import { readEvents } from '../support/events';
import { standardLab } from './fake-devices/profiles';
import { buildLab } from './netns/lab';
import { requireLab } from './netns/labTest';

const sweepsOf = (events: ServerEvent[]) => events.flatMap((e) => (e.type === 'sweep' ? [e.sweep] : []));
const finished = (e: ServerEvent) => e.type === 'sweep' && e.sweep.state !== 'running';

test('admin API: sweep the lab bridge, progress on the event stream, inventory filled', async (t) => {
  if (!requireLab(t)) return;
  const lab = await buildLab({ devices: standardLab() });
  const app = await startTestBackend();
  try {
    const before = await app.api.discoveryInterfaces();
    const bridge = before.find((i) => i.name === lab.bridge);
    assert.ok(bridge, 'the lab bridge is listed');
    assert.equal(bridge.cidr, lab.cidr);
    assert.ok(before.filter((i) => i.suggested).length <= 1, 'at most one suggestion');
    assert.equal((await app.api.inventory()).length, 0, 'nothing swept on start');

    // The stream is subscribed once its headers arrive: no event of the sweep can be missed.
    const stream = await readEvents(app);
    const started = await app.api.startSweep({ body: { interface: lab.bridge } });
    assert.equal(started.state, 'running');
    await assert.rejects(app.api.startSweep({ body: { interface: lab.bridge } }), (e: ApiError) => e.status === 409);

    await stream.next('the sweep to finish', finished, { timeoutMs: 30_000 });
    stream.close();
    const events = stream.events;
    const progress = sweepsOf(events);
    const last = progress.at(-1) as SweepStatus;
    assert.equal(last.state, 'done', JSON.stringify(last));
    assert.equal(last.total, 253);
    assert.equal(last.probed, 253);
    assert.equal(last.found, lab.devices.length);
    assert.equal(last.phones, lab.devices.filter((d) => d.profile.isPhone).length);
    assert.ok(progress.length >= 3, 'progress reported as it goes');
    assert.ok(progress.some((p) => p.phase === 'probing' || p.phase === 'settling'));
    assert.ok(
      events.some((e) => e.type === 'device'),
      'devices streamed on the same stream',
    );
    assert.deepEqual(await app.api.sweepStatus(), last);

    const inventory = await app.api.inventory();
    assert.equal(inventory.length, lab.devices.length);
    for (const d of lab.devices) {
      const dev = inventory.find((x) => x.mac === d.mac);
      assert.ok(dev, d.profile.label);
      assert.equal(dev.ip, d.ip);
      assert.equal(dev.vendor, d.profile.expected.vendor, d.profile.label);
      assert.equal(dev.model, d.profile.expected.model, d.profile.label);
      assert.equal(dev.isPhone, d.profile.isPhone, d.profile.label);
      assert.ok(dev.sources.sweep, 'seen by the sweep');
      assert.equal(Boolean(dev.sources.sip_options), Boolean(d.profile.sipAgent), `${d.profile.label}: SIP OPTIONS answered`);
    }

    const after = await app.api.discoveryInterfaces();
    const hinted = after.find((i) => i.name === lab.bridge);
    assert.ok((hinted?.phonesSeen ?? 0) >= 20, 'the phones found are counted on the bridge');
    assert.match(hinted?.note ?? '', /phone\(s\) already seen/);
    // Another lab may run beside this one: the suggestion goes to an interface with phones on it.
    const suggested = after.filter((i) => i.suggested);
    assert.equal(suggested.length, 1);
    assert.ok((suggested[0]?.phonesSeen ?? 0) > 0, 'the suggestion is an interface where phones were seen');
  } finally {
    await app.cleanup();
    await lab.teardown();
  }
});

test('admin API: a sweep can be cancelled; bad requests are refused and change nothing', async (t) => {
  if (!requireLab(t)) return;
  const lab = await buildLab({ devices: [] });
  const app = await startTestBackend();
  try {
    await assert.rejects(app.api.startSweep({ body: { interface: 'no-such-if0' } }), (e: ApiError) => e.status === 404);
    await assert.rejects(
      app.api.startSweep({ body: { interface: lab.bridge, cidr: '192.0.2.0/24' } }),
      (e: ApiError) => e.status === 400 && /not inside/.test(e.message),
    );
    await assert.rejects(app.api.startSweep({ body: { interface: lab.bridge, cidr: 'all' } }), (e: ApiError) => e.status === 400);
    await assert.rejects(app.api.sweepStatus(), (e: ApiError) => e.status === 404);

    const stream = await readEvents(app);
    const started = await app.api.startSweep({ body: { interface: lab.bridge, rate: 20 } });
    assert.equal(started.state, 'running');
    // Cancelled once the sweep has probed some addresses (it reports every ~200 ms while probing).
    await stream.next('probing under way', (e) => e.type === 'sweep' && e.sweep.probed > 0);
    stream.close();
    const cancelled = await app.api.cancelSweep();
    assert.equal(cancelled.state, 'cancelled');
    assert.ok(cancelled.probed < 253, `stopped early (${cancelled.probed} probed)`);
  } finally {
    await app.cleanup();
    await lab.teardown();
  }
});
