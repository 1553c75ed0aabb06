/**
 * A phone on the LAN that calls the RPS without a usable MAC and without one in its User-Agent:
 * the app finds its MAC in the neighbour table (the lab's namespaces are real neighbours on the
 * bridge) and records it in the inventory. A flood from the same phone costs one lookup.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RPS_PATH } from '../../shared/rps/protocol';
import { startTestBackend } from '../support/backend';
import { childOutput } from '../support/childOutput';
import { readEvents } from '../support/events';
import { buildLab } from './netns/lab';
import { requireLab } from './netns/labTest';

test('a caller with a bad RPS body and no MAC anywhere is found by the neighbour table, once', async (t) => {
  if (!requireLab(t)) return;
  const lab = await buildLab({ devices: [] });
  const app = await startTestBackend({ host: lab.hostIp, advertiseHost: lab.hostIp });
  try {
    const mac = '0004f2aabb01'; // a Poly prefix
    const host = await lab.addHost(mac);
    const stream = await readEvents(app);
    const url = `http://${lab.hostIp}:${new URL(app.rpsUrl).port}${RPS_PATH}`;
    // 30 bad requests in a row from the phone's namespace, each answered before the next.
    const script = `
      const statuses = [];
      for (let i = 0; i < 30; i++) {
        const r = await fetch(${JSON.stringify(url)}, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'curl/8.0' }, body: '{"serial":"x"}' });
        statuses.push(r.status);
        await r.text();
      }
      console.log(JSON.stringify(statuses));`;
    const run = await childOutput(lab.spawnIn(host.ns, process.execPath, ['--input-type=module', '-e', script]));
    assert.equal(run.code, 0, run.out);
    assert.deepEqual(JSON.parse(run.out.trim()), Array(30).fill(400));

    // The neighbour-table lookup ends after the answers: its result arrives as a `device` event.
    await stream.next('the caller in the inventory', (e) => e.type === 'device' && e.device.mac === mac, { timeoutMs: 5000 });
    stream.close();
    const device = (await app.api.inventory()).find((d) => d.mac === mac);
    assert.ok(device, 'the MAC came from the neighbour table');
    assert.equal(device.ip, host.ip);
    assert.equal(device.vendor, 'Poly', 'vendor from the MAC prefix');
    assert.ok(device.sources.rps);
    assert.equal(device.calledIn, true);
    const notes = app.ctx.services.callers;
    assert.deepEqual([notes.admitted, notes.lookups, notes.dropped], [1, 1, 29]);
  } finally {
    await app.cleanup();
    await lab.teardown();
  }
});
